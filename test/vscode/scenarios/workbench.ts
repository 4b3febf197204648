import { runCommand, waitForEditorText } from '../browser';
import type { ScenarioContext } from '../scenario';

export async function paletteRunsABuiltInCommand({ page }: ScenarioContext): Promise<void> {
  await runCommand(page, 'File: New Untitled Text File');
  await page.locator('.tab.active', { hasText: 'Untitled' }).waitFor({ state: 'visible' });
  await page.keyboard.type('typed by the e2e harness');
  await waitForEditorText(page, 'typed by the e2e harness');
}

export async function quickOpenOpensAFile({ page, screenshot }: ScenarioContext): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill('math.ts');
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'math.ts' }).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: 'math.ts' }).waitFor({ state: 'visible' });
  await waitForEditorText(page, 'export function mean');
  await screenshot('workbench');
}

export async function thinkstreamIsInstalled({ page, screenshot }: ScenarioContext): Promise<void> {
  await runCommand(page, 'Extensions: Show Installed Extensions');
  await page.locator('.extensions-viewlet .extension-list-item', { hasText: 'Thinkstream' }).first().waitFor({ state: 'visible', timeout: 20_000 });
  await screenshot('extension-installed');
}

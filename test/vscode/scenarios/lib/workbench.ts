// Getting around the workbench the way a person does, robust to its first seconds.
import type { Page } from 'playwright-core';
import { runCommand } from '../../browser';
import { chatFrame } from './chat';

/** The Thinkstream icon in the activity bar, as a person opens the chat. */
export async function openChatFromActivityBar(page: Page): Promise<void> {
  const title = page.locator('.part.sidebar .composite.title', { hasText: /thinkstream/i });
  // Clicking the icon of the container already showing would hide the side bar.
  if (!(await title.isVisible())) await page.locator('.part.activitybar .action-item a[aria-label^="Thinkstream"]').first().click();
  await title.waitFor({ state: 'visible' });
  await chatFrame(page);
}

/** Right after the workbench loads, the palette may not list every command yet; a person would try again. */
export async function runCommandOnceListed(page: Page, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const ran = await runCommand(page, title, 5_000).then(() => true, (err: Error) => (attempt === 6 ? Promise.reject(err) : false));
    if (ran) return;
    await page.keyboard.press('Escape');
  }
}


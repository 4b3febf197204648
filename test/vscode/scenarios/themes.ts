// A finished turn under the light and high-contrast themes: the chat must follow the
// workbench's theme, since it draws everything with the theme's CSS variables.
import type { Page } from 'playwright-core';
import { runCommand } from '../browser';
import type { ScenarioContext } from '../scenario';
import { askFromPalette, assert, chatFrame, newChat, waitForTurnState } from './lib/chat';

/** The workbench's theme type class and the one VS Code gives each webview's body. */
const THEMES = [
  { name: 'Dark Modern', workbench: 'vs-dark', webview: 'vscode-dark', shot: 'e2e-theme-dark' },
  { name: 'Dark High Contrast', workbench: 'hc-black', webview: 'vscode-high-contrast', shot: 'e2e-theme-high-contrast' },
  { name: 'Light High Contrast', workbench: 'hc-light', webview: 'vscode-high-contrast-light', shot: 'e2e-theme-high-contrast-light' },
  // Last, because it is what a fresh headless workbench starts in, and later scenarios expect that.
  { name: 'Light Modern', workbench: 'vs', webview: 'vscode-light', shot: 'e2e-theme-light' },
];

// WCAG AA for normal text.
const MIN_CONTRAST = 4.5;

interface Contrast {
  what: string;
  fg: string;
  bg: string;
  ratio: number;
}

/** Runs in the webview: the contrast of each kind of text in the first turn against what is behind it. */
function contrasts(): Contrast[] {
  const rgba = (css: string): number[] => (css.match(/[\d.]+/g) ?? []).map(Number);
  const background = (el: Element | null): string => {
    for (let node = el; node; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      const [, , , alpha = 1] = rgba(bg);
      if (alpha > 0) return bg;
    }
    return getComputedStyle(document.body).backgroundColor;
  };
  const luminance = (css: string): number => {
    const [r, g, b] = rgba(css).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const wanted: [string, string][] = [
    ['prompt', '[data-turn] .prompt-text'],
    ['reasoning', '[data-turn] [data-role="reasoning"] .reasoning-body'],
    ['answer text', '[data-turn] [data-role="content"] p'],
    ['inline code', '[data-turn] [data-role="content"] p code'],
    ['code block', '[data-turn] [data-role="content"] pre code'],
  ];
  const out: Contrast[] = [];
  for (const [what, selector] of wanted) {
    const el = document.querySelector(selector);
    if (!el) continue;
    const fg = getComputedStyle(el).color;
    const bg = background(el);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    out.push({ what, fg, bg, ratio: (hi + 0.05) / (lo + 0.05) });
  }
  return out;
}

async function pickColorTheme(page: Page, name: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const widget = page.locator('.quick-input-widget');
  await widget.locator('input.input').waitFor({ state: 'visible' });
  await page.keyboard.type(name);
  const exact = new RegExp(`^${name}$`);
  await widget.locator('.monaco-list-row.focused').filter({ has: page.locator('.label-name', { hasText: exact }) }).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' });
}

export async function themes({ page, step, screenshot }: ScenarioContext): Promise<void> {
  await step('a finished answer in the chat', async () => {
    await runCommand(page, 'View: Close All Editors');
    await newChat(page);
    await askFromPalette(page, 'What does debounce do?');
    await waitForTurnState(await chatFrame(page), 0, 'done');
  });

  // Checked after every theme is through, so one bad theme neither hides another nor
  // leaves the workbench in it.
  const faint: string[] = [];
  for (const theme of THEMES) {
    await step(`switch to ${theme.name}`, async () => {
      await pickColorTheme(page, theme.name);
      await page.locator(`.monaco-workbench.${theme.workbench}`).waitFor({ state: 'attached' });
      const frame = await chatFrame(page);
      await frame.waitForFunction((cls) => document.body.classList.contains(cls), theme.webview, { timeout: 10_000 });
      for (const c of await frame.evaluate(contrasts)) {
        if (c.ratio < MIN_CONTRAST) faint.push(`${theme.name}: ${c.what} ${c.fg} on ${c.bg} (${c.ratio.toFixed(2)}:1)`);
      }
      await screenshot(theme.shot);
    });
  }
  await step('every text in the turn is readable in every theme', async () => {
    assert(faint.length === 0, `text below ${MIN_CONTRAST}:1 contrast: ${faint.join('; ')}`);
  });
}

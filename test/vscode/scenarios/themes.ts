// A finished turn under the light and high-contrast themes: the chat must follow the
// workbench's theme, since it draws everything with the theme's CSS variables.
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { runCommand } from '../browser';
import { openAiChunk } from '../../support/scenarios';
import { resultsDir } from '../paths';
import type { ScenarioContext } from '../scenario';
import { askFromPalette, assert, chatFrame, newChat, waitForTurnState } from './lib/chat';

/** The workbench's theme type class and the one VS Code gives each webview's body. */
const THEMES = [
  { name: 'Dark Modern', workbench: 'vs-dark', webview: 'vscode-dark', shot: 'e2e-theme-dark', readme: 'readme-chat-dark' },
  { name: 'Dark High Contrast', workbench: 'hc-black', webview: 'vscode-high-contrast', shot: 'e2e-theme-high-contrast', readme: 'readme-chat-high-contrast' },
  { name: 'Light High Contrast', workbench: 'hc-light', webview: 'vscode-high-contrast-light', shot: 'e2e-theme-high-contrast-light', readme: undefined },
  // Last, because it is what a fresh headless workbench starts in, and later scenarios expect that.
  { name: 'Light Modern', workbench: 'vs', webview: 'vscode-light', shot: 'e2e-theme-light', readme: 'readme-chat-light' },
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
    ['code keyword', '[data-turn] [data-role="content"] pre code .hljs-keyword'],
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

/** Picks `theme` and returns the chat's frame once its webview has taken the theme too. */
async function switchTheme(page: Page, theme: (typeof THEMES)[number]): Promise<Frame> {
  await pickColorTheme(page, theme.name);
  await page.locator(`.monaco-workbench.${theme.workbench}`).waitFor({ state: 'attached' });
  const frame = await chatFrame(page);
  await frame.waitForFunction((cls) => document.body.classList.contains(cls), theme.webview, { timeout: 10_000 });
  return frame;
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
      const frame = await switchTheme(page, theme);
      const found = await frame.evaluate(contrasts);
      for (const c of found) {
        if (c.ratio < MIN_CONTRAST) faint.push(`${theme.name}: ${c.what} ${c.fg} on ${c.bg} (${c.ratio.toFixed(2)}:1)`);
      }
      const code = found.find((c) => c.what === 'code block');
      const keyword = found.find((c) => c.what === 'code keyword');
      if (!code || !keyword) faint.push(`${theme.name}: no highlighted code block to check`);
      else if (code.fg === keyword.fg) faint.push(`${theme.name}: keywords are the colour of the code around them (${code.fg})`);
      await screenshot(theme.shot);
    });
  }
  await step('every text in the turn is readable, and code keywords stand out, in every theme', async () => {
    assert(faint.length === 0, `below ${MIN_CONTRAST}:1 contrast or not highlighted: ${faint.join('; ')}`);
  });
}

/** A short answer with reasoning, inline code and a code block, as the README shows it. */
function readmeAnswer(): string {
  const reasoning = [
    'The cache is a Map keyed by a template string.',
    ' The key has `Date.now()` in it, so it changes every millisecond.',
    ' A lookup can only hit within the same millisecond as the write, which never happens across requests.',
    ' Fix: key by the user id alone and let a TTL expire entries.',
  ];
  const content = [
    'The key includes `Date.now()`, so **every** call builds a fresh key and the lookup always misses. Key by the user alone:\n\n',
    '```ts\nconst cache = new Map<string, User>();\n\n',
    'export async function load(id: string): Promise<User> {\n  const hit = cache.get(id); // stable key\n  if (hit) return hit;\n',
    '  const user = await fetchUser(id);\n  cache.set(id, user);\n  return user;\n}\n```\n\n',
    'Let the TTL expire entries instead.',
  ];
  const usage = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'fake-model', choices: [], usage: { prompt_tokens: 212, completion_tokens: 962, total_tokens: 1174, completion_tokens_details: { reasoning_tokens: 812 } } };
  return [
    ...reasoning.map((r) => openAiChunk({ role: 'assistant', reasoning_content: r })),
    ...content.map((c) => openAiChunk({ content: c })),
    openAiChunk({}, 'stop'),
    `data: ${JSON.stringify(usage)}\n\n`,
    'data: [DONE]\n\n',
  ].join('');
}

/**
 * The README's pictures: the side bar of the real workbench with a finished answer,
 * in each theme, saved as test-results/readme-chat-*.png (media/ holds copies).
 */
export async function readmePictures({ page, fake, step }: ScenarioContext): Promise<void> {
  await step('a short answer with reasoning and code', async () => {
    await runCommand(page, 'View: Close All Editors');
    await newChat(page);
    fake.enqueue({ body: readmeAnswer(), chunking: { seed: 3, byEvent: true }, pacing: { firstByteDelayMs: 200, perChunkMs: 250 } });
    await askFromPalette(page, 'Why does the cache never hit?');
    const frame = await chatFrame(page);
    await waitForTurnState(frame, 0, 'done');
    await frame.locator('[data-turn] [data-role="content"] pre code.hljs').waitFor({ state: 'attached', timeout: 10_000 });
  });
  // Wide enough for a line of code, as a user reading answers would set it.
  const widen = await step('widen the side bar', () => dragSideBarEdge(page, 180));
  for (const theme of THEMES) {
    if (!theme.readme) continue;
    const file = theme.readme;
    await step(`picture in ${theme.name}`, async () => {
      const frame = await switchTheme(page, theme);
      await frame.evaluate(() => document.querySelector('.transcript')?.scrollTo({ top: 0 }));
      const box = await page.locator('.part.sidebar').boundingBox();
      assert(box !== null && box.width > 200, 'the side bar is not showing');
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(resultsDir, `${file}.png`), clip: box! });
    });
  }
  await step('put the side bar back', () => dragSideBarEdge(page, -widen));
}

/** Drags the side bar's edge by `dx` pixels; returns how far it really moved. */
async function dragSideBarEdge(page: Page, dx: number): Promise<number> {
  const before = (await page.locator('.part.sidebar').boundingBox())!;
  const x = before.x + before.width;
  const y = before.y + before.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y, { steps: 4 });
  await page.mouse.move(x + dx, y, { steps: 4 });
  await page.mouse.up();
  const after = (await page.locator('.part.sidebar').boundingBox())!;
  return after.width - before.width;
}

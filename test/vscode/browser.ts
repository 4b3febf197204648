import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { resultsDir } from './paths';

export interface LaunchedChromium {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

// The system Chromium, because browser downloads (playwright install) cannot
// reach their servers from here; the flags keep it from calling home.
export async function launchChromium(): Promise<LaunchedChromium> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thinkstream-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export function workbenchUrl(serverUrl: string, folder: string, payload?: [string, string][]): string {
  let url = `${serverUrl}/?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

export async function openWorkbench(page: Page, serverUrl: string, folder: string, timeout = 60_000): Promise<void> {
  await page.goto(workbenchUrl(serverUrl, folder));
  await waitForWorkbench(page, timeout);
}

export async function waitForWorkbench(page: Page, timeout = 60_000): Promise<void> {
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout });
  // The explorer's folder header appears once the workspace itself has been resolved.
  await page.locator('.monaco-workbench .part.sidebar .pane-header').first().waitFor({ state: 'visible', timeout });
}

const paletteInput = '.quick-input-widget input.input';

/** Runs a command by its palette title, e.g. 'Thinkstream: Ask Model'. */
export async function runCommand(page: Page, title: string, timeout = 15_000): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator(paletteInput);
  await input.waitFor({ state: 'visible', timeout });
  const text = `>${title}`;
  await input.fill(text);
  // Enter before the list has filtered, or with a longer title on top ('File: New
  // Untitled Text File' vs '… Files'), would run the wrong command.
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) })
    .first();
  await row.waitFor({ state: 'visible', timeout });
  if (await row.evaluate((el) => el.classList.contains('focused'))) await page.keyboard.press('Enter');
  else await row.click();
  // The palette lingers while the command's extension activates; anything typed
  // before it lets go of the text would land in it.
  await page.waitForFunction(
    ([selector, expected]) => {
      const el = document.querySelector(selector) as HTMLInputElement | null;
      const widget = el?.closest('.quick-input-widget') as HTMLElement | null;
      return !el || !widget || widget.style.display === 'none' || el.value !== expected;
    },
    [paletteInput, text] as const,
    { timeout },
  );
}

export async function waitForStatusBarText(page: Page, text: string | RegExp, timeout = 30_000): Promise<void> {
  await page.locator('.statusbar-item', { hasText: text }).first().waitFor({ state: 'visible', timeout });
}

/**
 * The chat view's content frame: webviews nest an iframe in an iframe, and which
 * one is which changes with how many webviews are open, so frames are searched.
 */
export async function webviewFrame(page: Page, selector = '[data-turn]', timeout = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const found = await frame.$(selector).catch(() => null);
      if (found) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview frame holds ${selector} after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Waits until the active editor shows `text`; only its visible lines are drawn. */
export async function waitForEditorText(page: Page, text: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const lines = document.querySelector('.editor-group-container.active .editor-container .view-lines');
      return (lines?.textContent ?? '').replace(/\u00a0/g, ' ').includes(expected);
    },
    text,
    { timeout },
  );
}

/** Monaco draws spaces as U+00A0. */
export function normalizeText(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

// What a user does with Thinkstream in the workbench, and where they look for the
// result: the palette, the side-bar chat (a webview two iframes deep), the status
// bar and the notifications.
import type { Frame, Locator, Page } from 'playwright-core';
import { runCommand, webviewFrame } from '../../browser';
import type { Scenario as FakeScenario } from '../../../support/fakeProvider';

export type TurnDataState = 'streaming' | 'done' | 'cancelled' | 'error';

/**
 * The long realistic transcript (~1500 events: reasoning, then a markdown answer
 * with code blocks) cut into bigger writes so it streams for a few seconds, reasoning
 * first, rather than the half minute one write per event would take.
 */
export function pacedTranscript(seconds: number): FakeScenario {
  const perChunkMs = 20;
  const bytes = 457_000;
  const chunk = Math.round(bytes / ((seconds * 1000) / perChunkMs));
  return {
    fixture: 'openai/long-deepseek.sse',
    chunking: { seed: 7, minBytes: Math.round(chunk * 0.66), maxBytes: Math.round(chunk * 1.33) },
    pacing: { firstByteDelayMs: 300, perChunkMs },
  };
}

/** The chat view's content frame, found afresh because a hidden view's webview is thrown away. */
export function chatFrame(page: Page, timeout = 30_000): Promise<Frame> {
  return webviewFrame(page, 'main.transcript', timeout);
}

/** The status-bar spinner Thinkstream shows while a request runs. */
export function spinner(page: Page): Locator {
  return page
    .locator('.part.statusbar .statusbar-item')
    .filter({ has: page.locator('.codicon-loading.codicon-modifier-spin') });
}

/** Thinkstream's idle status-bar item names the active model. */
export function idleStatus(page: Page, model = 'fake-model'): Locator {
  return page.locator('.part.statusbar .statusbar-item', { hasText: model });
}

export async function askFromPalette(page: Page, question: string): Promise<void> {
  await runCommand(page, 'Thinkstream: Ask Model');
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: /^Ask / }).waitFor({ state: 'visible' });
  const input = widget.locator('input.input');
  await input.waitFor({ state: 'visible' });
  await page.keyboard.type(question);
  await waitForValue(input, question);
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' });
}

/** Starts a new chat so a scenario's turns are the only ones in the view. */
export async function newChat(page: Page): Promise<Frame> {
  // Under load the palette can take a while to list the extension's commands after the workbench opens.
  for (let attempt = 1; ; attempt++) {
    const ran = await runCommand(page, 'Thinkstream: New Chat', 5_000).then(() => true, (err: Error) => (attempt === 6 ? Promise.reject(err) : false));
    if (ran) break;
    await page.keyboard.press('Escape');
  }
  const frame = await chatFrame(page);
  await frame.waitForFunction(() => document.querySelectorAll('[data-turn]').length === 0);
  return frame;
}

export function turn(frame: Frame, index: number): Locator {
  return frame.locator('[data-turn]').nth(index);
}

export async function waitForTurnState(frame: Frame, index: number, state: TurnDataState, timeout = 30_000): Promise<void> {
  await frame.waitForFunction(
    ([i, wanted]) => document.querySelectorAll('[data-turn]')[i]?.getAttribute('data-state') === wanted,
    [index, state] as const,
    { timeout },
  ).catch(async (err: Error) => {
    const seen = await turn(frame, index).getAttribute('data-state', { timeout: 1000 }).catch(() => 'no such turn');
    throw new Error(`turn ${index} did not reach data-state=${state} (it is ${seen}): ${err.message.split('\n')[0]}`);
  });
}

/** Waits until the turn's block holds at least `chars` characters of text. */
export async function waitForText(frame: Frame, index: number, role: 'reasoning' | 'content', chars: number, timeout = 30_000): Promise<void> {
  await frame.waitForFunction(
    ([i, r, n]) => (document.querySelectorAll('[data-turn]')[i]?.querySelector(`[data-role="${r}"]`)?.textContent ?? '').trim().length >= n,
    [index, role, chars] as const,
    { timeout },
  );
}

export async function textOf(frame: Frame, index: number, role: 'reasoning' | 'content'): Promise<string> {
  return ((await turn(frame, index).locator(`[data-role="${role}"]`).textContent()) ?? '').trim();
}

/**
 * The notification holding `text`, shown in the Notifications center as a user who
 * clicks the bell sees it. The center, not a toast: the workbench shows no toasts
 * while the smoke-test driver the harness starts code-server with is on.
 */
export async function showNotification(page: Page, text: string | RegExp, timeout = 10_000): Promise<Locator> {
  await runCommand(page, 'Notifications: Show Notifications');
  const item = page.locator('.notifications-center .notification-list-item', { hasText: text });
  await item.waitFor({ state: 'visible', timeout });
  return item;
}

export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notification-list-item').first().waitFor({ state: 'hidden' });
}

/**
 * Clicks an item of the open context menu. A click that lands within a moment of
 * the menu appearing is sometimes swallowed, so, like a user, click again if the
 * menu stays open.
 */
export async function clickMenuItem(page: Page, label: string): Promise<void> {
  // The menu lives in a shadow root, which Playwright's CSS pierces.
  const item = page.locator('.monaco-menu .action-item', { hasText: new RegExp(`^${label}`) }).locator('.action-menu-item');
  await item.waitFor({ state: 'visible' });
  for (let attempt = 1; ; attempt++) {
    await item.click({ timeout: 5000 }).catch(() => undefined);
    const closed = await item.waitFor({ state: 'hidden', timeout: 1000 }).then(() => true, () => false);
    if (closed) return;
    if (attempt === 3) throw new Error(`the context menu stayed open after ${attempt} clicks on "${label}"`);
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function waitForValue(input: Locator, value: string, timeout = 5000): Promise<void> {
  const deadline = Date.now() + timeout;
  while ((await input.inputValue()) !== value) {
    if (Date.now() > deadline) throw new Error(`the input holds "${await input.inputValue()}", not "${value}"`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// What the webview harness's checks share: a pass/fail tally and ways to talk to the page
// as the extension host would.
import type { Page } from 'playwright-core';
import type { HostMessage, WebviewMessage } from '../../src/protocol';

export interface PageGlobals {
  __host(message: HostMessage): void;
  __posted: WebviewMessage[];
  __cspViolations: unknown[];
  __pwned?: unknown;
  __saved?: Element[];
  __records?: MutationRecord[];
  __observer?: MutationObserver;
}

let passed = 0;
let failed = 0;

export function check(name: string, ok: boolean, detail?: unknown): void {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${name}${!ok && detail !== undefined ? ` — ${JSON.stringify(detail)}` : ''}`);
}

/** Prints the tally; the process exit code. */
export function report(): number {
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

export async function send(page: Page, ...messages: HostMessage[]): Promise<void> {
  await page.evaluate((ms) => {
    for (const m of ms) (window as unknown as PageGlobals).__host(m);
  }, messages);
  await settle(page);
}

/** Lets queued messages arrive and the view's animation frame run. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((r) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => r())), 0)),
  );
}

export async function posted(page: Page): Promise<WebviewMessage[]> {
  return page.evaluate(() => (window as unknown as PageGlobals).__posted.splice(0));
}

export async function streamText(page: Page, id: string, field: 'reasoning' | 'content', text: string, size: number, perFrame: number) {
  for (let i = 0; i < text.length; i += size * perFrame) {
    const batch: HostMessage[] = [];
    for (let j = i; j < Math.min(text.length, i + size * perFrame); j += size) {
      batch.push({ type: 'delta', id, [field]: text.slice(j, j + size) });
    }
    await send(page, ...batch);
  }
}

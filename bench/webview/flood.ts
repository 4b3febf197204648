// (c) A flood: 10,000 deltas a second for 10 seconds through the extension host's own
// DeltaBatcher into the real webview. Nothing may be lost or reordered, the batcher
// may send at most 60 messages a second, and no main-thread task may pass 50 ms.
import { DeltaBatcher, type DeltaBatch } from '../../src/vscode/deltaBatcher';
import { traced, type BenchPage } from './browser';
import { frames, hostSend } from './deltaCost';

export interface FloodResult {
  deltas: number;
  seconds: number;
  messages: number;
  maxMessagesPerSecond: number;
  lost: number;
  reordered: boolean;
  /** By thread (CPU) time; the wall figure beside it also counts time descheduled. */
  longestTaskMs: number;
  longestTaskWallMs: number;
}

/** The n-th delta: a numbered word, with paragraph breaks, list items and a code fence now and then. */
function delta(n: number): string {
  const word = `w${String(n).padStart(6, '0')}`;
  if (n % 2000 === 1000) return '\n\n```js\n' + word + '\n';
  if (n % 2000 === 1010) return word + '\n```\n\n';
  if (n % 400 === 0) return `\n\n- ${word}`;
  if (n % 400 < 5) return `\n- ${word}`;
  if (n % 60 === 0) return `\n\n${word} `;
  return `${word} `;
}

export async function flood(bp: BenchPage, perSecond = 10_000, seconds = 10): Promise<FloodResult> {
  const page = bp.page;
  await hostSend(page, { type: 'clear' }, { type: 'turnStart', turn: { id: 'flood', prompt: 'Flood', provider: 'p', model: 'm', state: 'streaming', phase: 'answering', reasoning: '', content: '', startedAt: Date.now() } });
  await frames(page, 5);

  const total = perSecond * seconds;
  const sentAt: number[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  const batcher = new DeltaBatcher((batch: DeltaBatch) => {
    sentAt.push(Date.now());
    const message = { type: 'delta', ...batch };
    chain = chain.then(() => page.evaluate((m) => (window as unknown as { __host(m: unknown): void }).__host(m), message));
  });

  const main = await traced(bp, async () => {
    const start = Date.now();
    let sent = 0;
    await new Promise<void>((resolve) => {
      // Paced by the clock, not by timer ticks, so the rate holds whatever the timer jitter.
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((Date.now() - start) / 1000) * perSecond));
        for (; sent < due; sent++) batcher.push('flood', 'content', delta(sent));
        if (sent >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 2);
    });
    batcher.flush();
    await chain;
    await frames(page, 10);
  });

  const words = await page.evaluate(() => (document.querySelector('[data-turn="flood"] [data-role="content"]')?.textContent ?? '').match(/w\d{6}/g) ?? []);
  let reordered = false;
  const seen = new Set<number>();
  let last = -1;
  for (const w of words) {
    const n = Number(w.slice(1));
    if (n <= last) reordered = true;
    last = n;
    seen.add(n);
  }
  const t0 = sentAt[0] ?? 0;
  const perWindow = new Map<number, number>();
  for (const t of sentAt) perWindow.set(Math.floor((t - t0) / 1000), (perWindow.get(Math.floor((t - t0) / 1000)) ?? 0) + 1);
  await hostSend(page, { type: 'turnUpdate', id: 'flood', patch: { state: 'done' } });
  return {
    deltas: total,
    seconds,
    messages: sentAt.length,
    maxMessagesPerSecond: Math.max(...perWindow.values()),
    lost: total - seen.size,
    reordered,
    longestTaskMs: main.longestMs,
    longestTaskWallMs: main.longestWallMs,
  };
}

// (b) A long conversation: 50 finished turns loaded as one snapshot (the longest
// main-thread task while it is drawn), then a new streaming turn, whose main-thread
// time per delta (script, style, layout, paint: Chromium's trace) is compared with the
// same deltas in an empty view, measured in the same run.
import type { Page } from 'playwright-core';
import type { TurnState } from '../../src/protocol';
import { median } from '../stats';
import { traced, type BenchPage } from './browser';
import { frames, hostSend } from './deltaCost';

export interface LongViewResult {
  turns: number;
  loadMs: number;
  /** By thread (CPU) time; the wall figure beside it also counts time descheduled. */
  loadLongestTaskMs: number;
  loadLongestTaskWallMs: number;
  emptyPerDeltaMs: number;
  longPerDeltaMs: number;
  ratio: number;
}

const TURNS = 50;
const DELTAS = 40;

function finishedTurn(i: number): TurnState {
  let content = `Here is part ${i} of the answer, with **bold**, \`code\` and a [link](https://example.com/${i}).\n\n`;
  for (let k = 0; k < 6; k++) {
    content += `### Section ${k}\n\nA paragraph that explains step ${k} in a few sentences. It goes on for a while so the turn is realistic.\n\n`;
    content += `- point one about ${k}\n- point two about ${k}\n\n`;
    if (k % 2 === 0) content += '```ts\n' + `function step${k}(x: number): number {\n  return x * ${k} + 1;\n}\n`.repeat(3) + '```\n\n';
  }
  const reasoning = `Let me think about question ${i}.\n`.repeat(40);
  return {
    id: `old-${i}`, prompt: `Question ${i}?`, provider: 'p', model: 'm', state: 'done', phase: 'answering',
    reasoning, content, startedAt: Date.now() - 1e6, reasoningMs: 4200,
    metrics: { ttftMs: 500, totalMs: 9000, tokensPerSecond: 40, outputTokens: 600, reasoningTokens: 300 },
  };
}

const DELTA_TEXT = (i: number) => (i % 8 === 7 ? '\n\n' : i % 3 === 0 ? ` **word ${i}**` : ` and then ${i}`);

export async function longView(bp: BenchPage, rounds = 3): Promise<LongViewResult> {
  const empty: number[] = [];
  const long: number[] = [];
  const loads: { ms: number; longest: number; longestWall: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    await hostSend(bp.page, { type: 'clear' });
    await frames(bp.page, 5);
    empty.push(await streamNew(bp, `new-e${r}`));

    await hostSend(bp.page, { type: 'clear' });
    await frames(bp.page, 5);
    const turns = Array.from({ length: TURNS }, (_, i) => finishedTurn(i));
    const t0 = Date.now();
    const load = await traced(bp, async () => {
      await hostSend(bp.page, { type: 'snapshot', turns, settings: { reasoningDisplay: 'auto' }, busy: false, now: Date.now() });
      await bp.page.waitForFunction((n) => {
        const all = document.querySelectorAll('[data-turn]');
        return all.length === n && (all[0].querySelector('[data-role="content"]')?.textContent?.length ?? 0) > 1000;
      }, TURNS, { polling: 'raf' });
      await frames(bp.page, 3);
    });
    loads.push({ ms: Date.now() - t0, longest: load.longestMs, longestWall: load.longestWallMs });
    long.push(await streamNew(bp, `new-l${r}`));
  }
  const e = median(empty);
  const l = median(long);
  return {
    turns: TURNS,
    loadMs: median(loads.map((x) => x.ms)),
    loadLongestTaskMs: Math.max(...loads.map((x) => x.longest)),
    loadLongestTaskWallMs: Math.max(...loads.map((x) => x.longestWall)),
    emptyPerDeltaMs: e,
    longPerDeltaMs: l,
    ratio: l / e,
  };
}

async function streamNew(bp: BenchPage, id: string): Promise<number> {
  const page: Page = bp.page;
  await hostSend(page, { type: 'turnStart', turn: { id, prompt: 'New question', provider: 'p', model: 'm', state: 'streaming', phase: 'answering', reasoning: '', content: 'Start.', startedAt: Date.now() } });
  await frames(page, 5);
  const deltas = Array.from({ length: DELTAS }, (_, i) => DELTA_TEXT(i));
  const main = await traced(bp, () =>
    page.evaluate(async ([ds, turn]) => {
      const host = (window as unknown as { __host(m: unknown): void }).__host;
      for (const d of ds) {
        host({ type: 'delta', id: turn, content: d });
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }
    }, [deltas, id] as const),
  );
  await hostSend(page, { type: 'turnUpdate', id, patch: { state: 'done' } });
  return main.totalMs / DELTAS;
}

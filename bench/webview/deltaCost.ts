// (a) The main-thread time of one ~20-character delta on a 1,000- vs a 100,000-character
// message, for the shapes whose open tail used to be re-rendered whole: mixed markdown,
// one long list, one open code fence, one long paragraph, and reasoning with and
// without newlines. Beside it, the naive "render the whole message again" baseline.
import type { Page } from 'playwright-core';
import type { HostMessage, TurnState } from '../../src/protocol';
import { median } from '../stats';
import { injectNaive, traced, type BenchPage } from './browser';

export interface DeltaCase {
  name: string;
  field: 'reasoning' | 'content';
  prefix(size: number): string;
  delta(i: number): string;
}

const repeatTo = (size: number, piece: (i: number) => string): string => {
  let s = '';
  for (let i = 0; s.length < size; i++) s += piece(i);
  return s.slice(0, size);
};

export const CASES: DeltaCase[] = [
  {
    name: 'mixed markdown',
    field: 'content',
    prefix: (n) =>
      repeatTo(n - 30, (i) => `## Part ${i}\n\nA paragraph with \`code\`, **bold** and a [link](https://example.com/${i}).\n\n- one\n- two\n\n\`\`\`js\nlet v${i} = ${i};\n\`\`\`\n\n| a | b |\n|---|---|\n| ${i} | x |\n\n`) +
      '\n\nThe last paragraph begins',
    delta: (i) => ` and **goes on** ${i % 10}.`,
  },
  {
    name: 'one long list',
    field: 'content',
    prefix: (n) => repeatTo(n, (i) => `- item ${i} with a few more words\n`) + '- last item',
    delta: (i) => (i % 5 === 4 ? `\n- item number ${i}` : ` with words ${i % 10}`),
  },
  {
    name: 'one open code fence',
    field: 'content',
    prefix: (n) => '```ts\n' + repeatTo(n, (i) => `const value${i} = compute(${i});\n`),
    delta: (i) => `const x${i % 10} = y + 1;\n`,
  },
  {
    name: 'one long paragraph',
    field: 'content',
    prefix: (n) => repeatTo(n, (i) => `Word ${i} goes here and then on. `),
    delta: (i) => `and some more ${i % 10} `,
  },
  {
    name: 'reasoning, lines',
    field: 'reasoning',
    prefix: (n) => repeatTo(n, (i) => `Thinking about step ${i} in detail\n`),
    delta: (i) => `so we check ${i % 10} this\n`,
  },
  {
    name: 'reasoning, no newlines',
    field: 'reasoning',
    prefix: (n) => repeatTo(n, (i) => `thinking about step ${i} in detail `),
    delta: (i) => `and so we go on ${i % 10} `,
  },
];

export interface DeltaCostRow {
  name: string;
  oursSmallMs: number;
  oursLargeMs: number;
  oursRatio: number;
  naiveSmallMs: number;
  naiveLargeMs: number;
  naiveRatio: number;
}

const SMALL = 1_000;
const LARGE = 100_000;
const DELTAS = 30;
/** The naive baseline is slow enough at 100k that fewer deltas give a steady median. */
const NAIVE_DELTAS = 8;

export async function deltaCost(bp: BenchPage, rounds = 3): Promise<DeltaCostRow[]> {
  await injectNaive(bp.page);
  const rows: DeltaCostRow[] = [];
  for (const c of CASES) {
    const t = { oursSmall: [] as number[], oursLarge: [] as number[], naiveSmall: [] as number[], naiveLarge: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      t.oursSmall.push(await ours(bp, c, SMALL));
      t.oursLarge.push(await ours(bp, c, LARGE));
      t.naiveSmall.push(await naive(bp, c, SMALL));
      t.naiveLarge.push(await naive(bp, c, LARGE));
    }
    const m = (xs: number[]) => median(xs);
    rows.push({
      name: c.name,
      oursSmallMs: m(t.oursSmall),
      oursLargeMs: m(t.oursLarge),
      oursRatio: m(t.oursLarge) / m(t.oursSmall),
      naiveSmallMs: m(t.naiveSmall),
      naiveLargeMs: m(t.naiveLarge),
      naiveRatio: m(t.naiveLarge) / m(t.naiveSmall),
    });
  }
  return rows;
}

/** Per-delta main-thread ms of the chat view with `size` characters already shown. */
async function ours(bp: BenchPage, c: DeltaCase, size: number): Promise<number> {
  const page = bp.page;
  const prefix = c.prefix(size);
  const turn: TurnState = {
    id: 'bench', prompt: 'bench', provider: 'p', model: 'm', state: 'streaming', phase: c.field === 'reasoning' ? 'thinking' : 'answering',
    reasoning: c.field === 'reasoning' ? prefix : 'r', content: c.field === 'content' ? prefix : '', startedAt: Date.now(),
  };
  await hostSend(page, { type: 'clear' }, { type: 'snapshot', turns: [turn], settings: { reasoningDisplay: 'expanded' }, busy: true, now: Date.now() });
  await frames(page, 30);
  const deltas = Array.from({ length: DELTAS }, (_, i) => c.delta(i));
  const main = await traced(bp, () =>
    page.evaluate(async ([ds, field]) => {
      const host = (window as unknown as { __host(m: unknown): void }).__host;
      for (const d of ds) {
        host({ type: 'delta', id: 'bench', [field]: d });
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }
    }, [deltas, c.field] as const),
  );
  const shown = await page.evaluate((field) => document.querySelector(`[data-turn="bench"] [data-role="${field}"]`)?.textContent?.length ?? 0, c.field);
  // Markup characters do not show, so a rendered message is shorter than its source.
  if (shown < size * 0.5) throw new Error(`${c.name}: only ${shown} of ${size} characters shown`);
  return main.totalMs / DELTAS;
}

async function naive(bp: BenchPage, c: DeltaCase, size: number): Promise<number> {
  const page = bp.page;
  await hostSend(page, { type: 'clear' });
  let text = c.prefix(size);
  await page.evaluate((t) => (window as unknown as { __naive(t: string): void }).__naive(t), text);
  await frames(page, 5);
  const deltas = Array.from({ length: NAIVE_DELTAS }, (_, i) => c.delta(i));
  const main = await traced(bp, () =>
    page.evaluate(async ([start, ds]) => {
      const w = window as unknown as { __naive(t: string): void };
      let all = start;
      for (const d of ds) {
        all += d;
        const now = all;
        await new Promise((r) => requestAnimationFrame(() => { w.__naive(now); requestAnimationFrame(r); }));
      }
    }, [text, deltas] as const),
  );
  text = '';
  await page.evaluate(() => (window as unknown as { __naiveReset(): void }).__naiveReset());
  return main.totalMs / NAIVE_DELTAS;
}

export async function hostSend(page: Page, ...messages: HostMessage[]): Promise<void> {
  await page.evaluate((ms) => {
    for (const m of ms) (window as unknown as { __host(m: unknown): void }).__host(m);
  }, messages);
}

export async function frames(page: Page, n: number): Promise<void> {
  await page.evaluate(async (count) => {
    for (let i = 0; i < count; i++) await new Promise((r) => requestAnimationFrame(r));
  }, n);
}

// The webview benchmarks' rows and notes for BENCHMARKS.md.
import type { WebviewResults } from './index';

export interface WebviewRow {
  bench: string;
  measure: string;
  value: string;
  goal: string;
  pass?: boolean;
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function webviewRows(r: WebviewResults | Error): WebviewRow[] {
  if (r instanceof Error) return [{ bench: '(w) webview', measure: 'not run', value: r.message.split('\n')[0], goal: '', pass: false }];
  const a = '(wa) one delta, 1k vs 100k';
  const rows: WebviewRow[] = [];
  for (const d of r.delta) {
    rows.push({
      bench: a,
      measure: `${d.name}: ours ms/delta, 1k → 100k`,
      value: `${fmt(d.oursSmallMs, 2)} → ${fmt(d.oursLargeMs, 2)} (×${fmt(d.oursRatio, 2)})`,
      goal: '≤ ×1.50',
      pass: d.oursRatio <= 1.5,
    });
    rows.push({
      bench: a,
      measure: `${d.name}: naive re-render, 1k → 100k`,
      value: `${fmt(d.naiveSmallMs, 2)} → ${fmt(d.naiveLargeMs, 1)} (×${fmt(d.naiveRatio, 1)})`,
      goal: '',
    });
  }
  const b = '(wb) 50 turns';
  rows.push(
    { bench: b, measure: 'ms/delta, empty view → after 50 turns', value: `${fmt(r.long.emptyPerDeltaMs, 2)} → ${fmt(r.long.longPerDeltaMs, 2)} (×${fmt(r.long.ratio, 2)})`, goal: '≤ ×1.50', pass: r.long.ratio <= 1.5 },
    { bench: b, measure: '50-turn snapshot: longest task, ms CPU (wall)', value: `${fmt(r.long.loadLongestTaskMs)} (${fmt(r.long.loadLongestTaskWallMs)})`, goal: '≤ 50', pass: r.long.loadLongestTaskMs <= 50 },
    { bench: b, measure: '50-turn snapshot: drawn in, ms wall', value: fmt(r.long.loadMs, 0), goal: '' },
  );
  const c = '(wc) flood';
  const f = r.flood;
  rows.push(
    { bench: c, measure: `${f.deltas.toLocaleString('en-US')} deltas in ${f.seconds} s: lost / reordered`, value: `${f.lost} / ${f.reordered ? 'yes' : 'no'}`, goal: '0 / no', pass: f.lost === 0 && !f.reordered },
    { bench: c, measure: 'host → webview messages, most in one second', value: `${f.maxMessagesPerSecond} (${f.messages} in all)`, goal: '≤ 60', pass: f.maxMessagesPerSecond <= 60 },
    { bench: c, measure: 'longest main-thread task, ms CPU (wall)', value: `${fmt(f.longestTaskMs)} (${fmt(f.longestTaskWallMs)})`, goal: '≤ 50', pass: f.longestTaskMs <= 50 },
  );
  return rows;
}

export const WEBVIEW_NOTES = [
  '- (wa)–(wc) run the chat webview bundle in headless Chromium (Debian\'s, through playwright-core) on the same page the webview harness uses, 440×900. Main-thread time is read from Chromium\'s own trace: the renderer main thread\'s tasks (script, style, layout, paint), by thread time (`tdur`), since on this shared machine a task\'s wall time also counts the time its thread sat descheduled; wall figures are shown beside. The trace records only the `toplevel` category (each task, everything inside it included): DevTools\' timeline categories add per-element recording each frame whose own cost grows with the DOM, which made a 100k answer look 1.6–1.8× dearer per delta even with every finished block `display:none`, while CDP\'s `TaskDuration` with no trace at all agreed with the `toplevel` figures (1.1–1.25×). `TRACE_BREAKDOWN=1 npm run bench` turns them back on to see where the time goes. Each delta is one host message followed by two animation frames, so its layout and paint are included.',
  '- (wa) A message of 1,000 or 100,000 characters is shown, then 30 deltas of ~20 characters are applied; per-delta time, median of 3 interleaved rounds. Shapes: mixed markdown (headings, paragraphs, lists, code, tables), one long list, one open code fence, one long paragraph with no newline, and reasoning with and without newlines. Beside it, the naive baseline: marked + DOMPurify over the whole message and `innerHTML` on every delta (8 deltas; it is slow). Goal: ours ≤ 1.5× from 1k to 100k.',
  '- (wb) 40 deltas into a new streaming turn in an empty view, then the same after a snapshot of 50 finished turns (~4k characters of markdown with code, and reasoning, each); medians of 3 rounds. The snapshot is drawn newest turn first across frames under an 8 ms budget; its longest task is the worst of the 3 loads. Goals: ≤ 1.5× the empty view; no task over 50 ms.',
  '- (wc) 100,000 numbered words (paragraphs, list items, code fences) pushed at 10,000 a second for 10 s into the extension host\'s own `DeltaBatcher`, each delivery posted to the page; afterwards every word must be in the answer\'s text once and in order. Goals: nothing lost or reordered, ≤ 60 messages in any second, no main-thread task over 50 ms.',
];

import { StreamDecoder } from '../src/core/providers/decoder';
import { gc, median, rng, timedSync, type Timing } from './stats';

const MB = 1024 * 1024;
const READ = 64 * 1024;

/** One SSE event whose content is a single JSON string of about `size` bytes, then finish and [DONE]. */
function hugeDelta(size: number): Uint8Array[] {
  const rand = rng(size);
  const words = ['alpha', 'beta', 'gamma', 'delta', 'naïve', '首先', '\\n', '"q"', '{x}'];
  const pieces: string[] = [];
  for (let n = 0; n < size; ) {
    const w = words[Math.floor(rand() * words.length)] + ' ';
    pieces.push(w);
    n += w.length;
  }
  const head = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1737000000, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const text = head({ content: pieces.join('') }, null) + head({}, 'stop') + 'data: [DONE]\n\n';
  const bytes = new TextEncoder().encode(text);
  const reads: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += READ) reads.push(bytes.subarray(i, i + READ));
  return reads;
}

function decode(reads: Uint8Array[], sample?: () => void): number {
  let chars = 0;
  const d = new StreamDecoder({
    kind: 'openai',
    model: 'm',
    maxEventBytes: 64 * MB,
    emit: (e) => {
      // The whole event, its parsed copy and the emitted text are all alive only here.
      sample?.();
      if (e.type === 'content') chars += e.text.length;
      else if (e.type === 'error') throw new Error(e.message);
    },
  });
  for (const r of reads) {
    d.push(r);
    sample?.();
  }
  d.end();
  return chars;
}

export interface LinearityResult {
  runs: number;
  /** CPU time of this process, steady on a shared machine; the wall-clock ratio is kept for reference. */
  t1Ms: number;
  t10Ms: number;
  /** Median of ratios within each back-to-back pair, which share the machine's load at that moment. */
  ratio: number;
  wallRatio: number;
  peakRssMb: number;
  baseRssMb: number;
  peakHeapUsedMb: number;
  baseHeapUsedMb: number;
}

export function linearity(runs = 9): LinearityResult {
  const small = hugeDelta(MB);
  const large = hugeDelta(10 * MB);
  // Warms the JIT, and proves the delta arrives whole: a decoder that dropped it would look very fast.
  for (const [reads, size] of [[small, MB], [large, 10 * MB]] as const) {
    if (decode(reads) < size) throw new Error(`a ${size / MB} MB delta came out short`);
  }
  const t1: Timing[] = [];
  const t10: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [reads, out] of [[small, t1], [large, t10]] as const) {
      gc();
      out.push(timedSync(() => decode(reads)));
    }
  }

  // Memory in its own untimed pass: sampling after every read would distort the timings.
  gc();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  decode(large, () => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  });
  return {
    runs,
    t1Ms: median(t1.map((t) => t.cpuMs)),
    t10Ms: median(t10.map((t) => t.cpuMs)),
    ratio: median(t10.map((t, i) => t.cpuMs / t1[i].cpuMs)),
    wallRatio: median(t10.map((t, i) => t.wallMs / t1[i].wallMs)),
    peakRssMb: peakRss / MB,
    baseRssMb: base.rss / MB,
    peakHeapUsedMb: peakHeap / MB,
    baseHeapUsedMb: base.heapUsed / MB,
  };
}

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Small statistics helpers shared by the benchmarks. */

export function median(xs: number[]): number {
  return quantile(xs, 0.5);
}

/** Nearest-rank quantile: p99 of 2,000 samples is an observed delay, not an interpolation. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Time spent both on the clock and on a CPU; other processes on a shared machine inflate only the first. */
export interface Timing {
  wallMs: number;
  cpuMs: number;
}

export async function timed(fn: () => unknown): Promise<Timing> {
  const c0 = process.cpuUsage();
  const t0 = nowMs();
  await fn();
  const wallMs = nowMs() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

export function timedSync(fn: () => unknown): Timing {
  const c0 = process.cpuUsage();
  const t0 = nowMs();
  fn();
  const wallMs = nowMs() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

/** Seeded so every run measures the same bytes; the fake provider's generator serves both. */
export { seededRandom as rng } from '../test/support/chunking';

// `npm run bench` runs plain `node`; V8 still lets a script ask for gc() so rounds start from a clean heap.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

export function gc(): void {
  collect();
}

// The webview benchmarks (a)–(c) in one headless Chromium, as rows for BENCHMARKS.md.
import { openChat } from './browser';
import { deltaCost, type DeltaCostRow } from './deltaCost';
import { flood, type FloodResult } from './flood';
import { longView, type LongViewResult } from './longView';

export interface WebviewResults {
  delta: DeltaCostRow[];
  long: LongViewResult;
  flood: FloodResult;
}

export async function webviewBenchmarks(): Promise<WebviewResults> {
  const bp = await openChat();
  try {
    const delta = await deltaCost(bp);
    const long = await longView(bp);
    const fl = await flood(bp);
    return { delta, long, flood: fl };
  } finally {
    await bp.close();
  }
}

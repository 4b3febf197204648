// Timing helpers for the live "Thinking… Ns" header.

/** Past the second boundary, so flooring the elapsed time lands in the new second despite timer jitter. */
const MARGIN_MS = 5;

/**
 * Calls back once per whole second elapsed since `startedAt`, aligned to it: a plain
 * 1 s interval samples just before each boundary and the label lags, then skips.
 */
export function everySecondSince(startedAt: number, onSecond: (now: number) => void): () => void {
  let timer: ReturnType<typeof setTimeout>;
  const schedule = (): void => {
    const intoSecond = (((Date.now() - startedAt) % 1000) + 1000) % 1000;
    timer = setTimeout(() => {
      onSecond(Date.now());
      schedule();
    }, 1000 - intoSecond + MARGIN_MS);
  };
  schedule();
  return () => clearTimeout(timer);
}

/**
 * Maps the host's Date.now() onto the webview's: a remote extension host's clock may
 * differ, which would make a live "Thinking… Ns" start negative or far ahead.
 */
export class HostClock {
  private skewMs = 0;

  sync(hostNow: number | undefined): void {
    if (hostNow !== undefined && Number.isFinite(hostNow)) this.skewMs = Date.now() - hostNow;
  }

  toLocal(hostTime: number): number {
    return hostTime + this.skewMs;
  }
}

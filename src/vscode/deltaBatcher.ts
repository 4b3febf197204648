// Tokens arrive far faster than a webview can paint. The first text of a burst goes
// out at once (waiting a frame for it only delays what the user is watching for);
// what follows within the same frame is gathered per turn and handed on when the
// frame ends, so there is at most one delivery per frame however fast the server streams.

export interface DeltaBatch {
  id: string;
  reasoning?: string;
  content?: string;
}

/** A little over 1000/60 ms, so deliveries stay at or under 60 a second. */
export const FRAME_MS = 17;

export class DeltaBatcher {
  private pending = new Map<string, { reasoning: string[]; content: string[] }>();
  /** Set while a frame is open: text pushed now waits for its end. */
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly deliver: (batch: DeltaBatch) => void) {}

  push(id: string, kind: 'reasoning' | 'content', text: string): void {
    if (!text) return;
    let entry = this.pending.get(id);
    if (!entry) {
      entry = { reasoning: [], content: [] };
      this.pending.set(id, entry);
    }
    entry[kind].push(text);
    if (this.timer === undefined) {
      this.deliverPending();
      this.openFrame();
    }
  }

  /** Callers flush before any other message about a turn, so the order is kept. */
  flush(): void {
    this.deliverPending();
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.deliverPending();
  }

  private openFrame(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A frame that gathered text delivers it and opens the next; an empty one ends the burst.
      if (this.pending.size === 0) return;
      this.deliverPending();
      this.openFrame();
    }, FRAME_MS);
  }

  private deliverPending(): void {
    if (this.pending.size === 0) return;
    const pending = this.pending;
    this.pending = new Map();
    for (const [id, entry] of pending) {
      const batch: DeltaBatch = { id };
      if (entry.reasoning.length) batch.reasoning = entry.reasoning.join('');
      if (entry.content.length) batch.content = entry.content.join('');
      this.deliver(batch);
    }
  }
}

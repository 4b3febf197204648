// Tokens arrive far faster than a webview can paint. Text is gathered per turn and
// handed on at most once per ~frame, so the cost per update stays flat however fast
// the server streams.

export interface DeltaBatch {
  id: string;
  reasoning?: string;
  content?: string;
}

const FRAME_MS = 16;

export class DeltaBatcher {
  private pending = new Map<string, { reasoning: string[]; content: string[] }>();
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
    this.timer ??= setTimeout(() => this.flush(), FRAME_MS);
  }

  /** Callers flush before any other message about a turn, so the order is kept. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
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

  dispose(): void {
    this.flush();
  }
}

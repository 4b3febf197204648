// Applies host messages at most once per animation frame. Deltas for the same turn
// that arrive within one frame are merged, so a burst of messages costs one render.
// While the view is hidden, frames pause and deltas simply keep merging.
// The first message after a quiet spell is applied at once: waiting for the next
// frame would add up to 16 ms to the moment the first reasoning appears, and a
// burst that follows is still merged frame by frame.
import type { HostMessage } from '../protocol';

export class FrameQueue {
  private queue: HostMessage[] = [];
  private scheduled = false;
  private lastFlush = -Infinity;

  constructor(private readonly apply: (messages: HostMessage[]) => void) {}

  push(message: HostMessage): void {
    const last = this.queue[this.queue.length - 1];
    if (message.type === 'delta' && last?.type === 'delta' && last.id === message.id) {
      this.queue[this.queue.length - 1] = {
        type: 'delta',
        id: last.id,
        reasoning: concat(last.reasoning, message.reasoning),
        content: concat(last.content, message.content),
      };
    } else {
      this.queue.push(message);
    }
    if (this.scheduled) return;
    if (performance.now() - this.lastFlush >= QUIET_MS) {
      this.flush();
      return;
    }
    this.scheduled = true;
    requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    this.lastFlush = performance.now();
    const batch = this.queue;
    this.queue = [];
    this.apply(batch);
  }
}

/** Longer than one frame at 60 Hz, so a steady stream is never applied twice a frame. */
const QUIET_MS = 50;

function concat(a: string | undefined, b: string | undefined): string | undefined {
  return a === undefined ? b : b === undefined ? a : a + b;
}

// Applies host messages at most once per animation frame. Deltas for the same turn
// that arrive within one frame are merged, so a burst of messages costs one render.
// While the view is hidden, frames pause and deltas simply keep merging.
import type { HostMessage } from '../protocol';

export class FrameQueue {
  private queue: HostMessage[] = [];
  private scheduled = false;

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
    if (!this.scheduled) {
      this.scheduled = true;
      requestAnimationFrame(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    this.apply(batch);
  }
}

function concat(a: string | undefined, b: string | undefined): string | undefined {
  return a === undefined ? b : b === undefined ? a : a + b;
}

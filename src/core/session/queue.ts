/**
 * An unbounded single-consumer queue behind an async iterator. The producer is the
 * network, which must never wait on a slow consumer; events are only buffered.
 */
export class EventQueue<T> {
  private items: T[] = [];
  private head = 0;
  private closed = false;
  private wake?: () => void;

  push(item: T): void {
    if (this.closed) return;
    this.items.push(item);
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  iterator(): AsyncIterator<T> {
    return {
      next: async (): Promise<IteratorResult<T>> => {
        while (this.head >= this.items.length) {
          if (this.closed) return { value: undefined, done: true };
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = undefined;
        }
        const value = this.items[this.head++];
        // Drop consumed items now and then so a long stream does not keep them all.
        if (this.head > 1024 && this.head * 2 > this.items.length) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        return { value, done: false };
      },
    };
  }
}

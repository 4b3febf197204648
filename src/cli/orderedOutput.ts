// Text for stdout and stderr, written in the order it was produced but in few
// writes: one per stream switch per turn of the event loop instead of one per
// token. On Linux each write to a pipe or file is a system call, and a long answer
// has tens of thousands of tokens.

/** Flush at once past this many characters, so a replay that never yields does not hold everything. */
const MAX_PENDING_CHARS = 64 * 1024;

export interface TextSink {
  write(text: string): unknown;
}

export class OrderedOutput {
  private segments: Array<{ to: TextSink; text: string }> = [];
  private pendingChars = 0;
  private scheduled = false;

  write(to: TextSink, text: string): void {
    if (text === '') return;
    const last = this.segments[this.segments.length - 1];
    if (last !== undefined && last.to === to) last.text += text;
    else this.segments.push({ to, text });
    this.pendingChars += text.length;
    if (this.pendingChars >= MAX_PENDING_CHARS) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      // After the events of this read have all been handled, before the next read.
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    const segments = this.segments;
    if (segments.length === 0) return;
    this.segments = [];
    this.pendingChars = 0;
    for (const { to, text } of segments) to.write(text);
  }
}

const BACKTICK = 96;
const TILDE = 126;
const NEWLINE = 10;

type LineKind = 'lead' | 'run' | 'fence' | 'text';

/**
 * Follows the answer's Markdown line by line, only far enough to know whether a
 * position is inside a fenced code block (``` or ~~~, at any indentation, so fences
 * inside list items count too). A `<think>` the model writes in a code sample is
 * part of its answer.
 */
export class CodeFenceTracker {
  private open?: { ch: number; len: number };
  private line: LineKind = 'lead';
  private runCh = 0;
  private runLen = 0;
  private onlySpaceAfterRun = true;

  /** True when text at the current position is code: inside a fence, or on a fence line. */
  get inCode(): boolean {
    return this.open !== undefined || this.line === 'fence' || (this.line === 'run' && this.runLen >= 3);
  }

  feed(s: string, from = 0, to = s.length): void {
    let i = from;
    while (i < to) {
      if (this.line === 'text') {
        // Nothing on a plain line matters until it ends: jump there.
        const nl = s.indexOf('\n', i);
        if (nl === -1 || nl >= to) return;
        i = nl;
      }
      const c = s.charCodeAt(i++);
      if (c === NEWLINE) {
        this.endLine();
        continue;
      }
      const space = c === 32 || c === 9 || c === 13;
      switch (this.line) {
        case 'lead':
          if (space) break;
          if (c === BACKTICK || c === TILDE) {
            this.line = 'run';
            this.runCh = c;
            this.runLen = 1;
          } else this.line = 'text';
          break;
        case 'run':
          if (c === this.runCh) this.runLen++;
          else if (this.runLen >= 3) {
            this.line = 'fence';
            this.onlySpaceAfterRun = space;
          } else this.line = 'text';
          break;
        case 'fence':
          if (!space) this.onlySpaceAfterRun = false;
          break;
      }
    }
  }

  private endLine(): void {
    if (this.line === 'run' && this.runLen >= 3) this.line = 'fence';
    if (this.line === 'fence') {
      if (!this.open) this.open = { ch: this.runCh, len: this.runLen };
      else if (this.runCh === this.open.ch && this.runLen >= this.open.len && this.onlySpaceAfterRun) this.open = undefined;
    }
    this.line = 'lead';
    this.runLen = 0;
    this.onlySpaceAfterRun = true;
  }
}

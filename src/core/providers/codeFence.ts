const BACKTICK = 96;
const TILDE = 126;
const NEWLINE = 10;

type LineKind = 'lead' | 'run' | 'fence' | 'text';

/**
 * Follows the answer's Markdown only far enough to know whether a position is code:
 * inside a fenced block (``` or ~~~, at any indentation, so fences inside list items
 * count too) or inside an inline code span (`…`, closed by a run of the same length,
 * ended by a blank line). A `<think>` the model writes in a code sample is part of
 * its answer.
 */
export class CodeFenceTracker {
  private open?: { ch: number; len: number };
  private line: LineKind = 'lead';
  private runCh = 0;
  private runLen = 0;
  private onlySpaceAfterRun = true;
  /** Backticks of the open inline code span; 0 when none is open. */
  private span = 0;
  /** Backticks just seen on a text line, not yet known to have ended. */
  private ticks = 0;

  /**
   * True when text at the current position is code. Asked just before a `<`, which
   * also ends any backtick run in progress.
   */
  get inCode(): boolean {
    this.settleRun();
    if (this.ticks > 0) this.endTicks();
    return this.open !== undefined || this.line === 'fence' || this.span > 0;
  }

  feed(s: string, from = 0, to = s.length): void {
    let i = from;
    while (i < to) {
      if (this.line === 'text' && this.ticks === 0) {
        // On a text line only backticks and the line's end matter: jump to the next one.
        const next = nextOf(s, i, to);
        if (next === -1) return;
        i = next;
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
          else {
            this.settleRun();
            if ((this.line as LineKind) === 'fence') this.onlySpaceAfterRun = space;
            else if (c === BACKTICK) this.ticks = 1;
          }
          break;
        case 'fence':
          if (!space) this.onlySpaceAfterRun = false;
          break;
        case 'text':
          if (c === BACKTICK) this.ticks++;
          else if (this.ticks > 0) this.endTicks();
          break;
      }
    }
  }

  /** A run at the start of a line is a fence from three on; fewer backticks are inline code. */
  private settleRun(): void {
    if (this.line !== 'run') return;
    if (this.runLen >= 3 && (this.open || this.span === 0)) {
      this.line = 'fence';
      return;
    }
    this.line = 'text';
    if (this.runCh === BACKTICK && !this.open) {
      this.ticks = this.runLen;
      this.endTicks();
    }
  }

  private endTicks(): void {
    if (!this.open) {
      if (this.span === 0) this.span = this.ticks;
      else if (this.span === this.ticks) this.span = 0;
    }
    this.ticks = 0;
  }

  private endLine(): void {
    const blank = this.line === 'lead';
    if (this.line === 'run') this.settleRun();
    if (this.ticks > 0) this.endTicks();
    if (this.line === 'fence') {
      if (!this.open) {
        this.open = { ch: this.runCh, len: this.runLen };
        this.span = 0;
      } else if (this.runCh === this.open.ch && this.runLen >= this.open.len && this.onlySpaceAfterRun) this.open = undefined;
    }
    // A blank line ends the paragraph, and with it a code span that never closed.
    if (blank) this.span = 0;
    this.line = 'lead';
    this.runLen = 0;
    this.onlySpaceAfterRun = true;
  }
}

// A native scan: answer text is most of a stream, and most of it is neither.
const TICK_OR_NEWLINE = /[`\n]/g;

function nextOf(s: string, from: number, to: number): number {
  TICK_OR_NEWLINE.lastIndex = from;
  const found = TICK_OR_NEWLINE.exec(s);
  return found && found.index < to ? found.index : -1;
}

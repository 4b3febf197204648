export interface ReasoningStep {
  index: number;
  text: string;
  /** False only for the last step, flushed when the reasoning ended mid-thought. */
  complete: boolean;
}

const STEP_START = /^ {0,1}(?:\d{1,3}[.)]\s|[-*•+]\s|#{1,6}\s|(?:\*\*)?step\s+\d+\b)/i;
const FENCE = /^\s{0,3}(```|~~~)/;

/**
 * Buffers streamed reasoning and hands out each step only once it is whole: a step
 * ends at a paragraph break or where the next numbered item, bullet, heading or
 * "Step N:" begins. Code fences are never split.
 */
export class ReasoningStepDetector {
  private partialLine = '';
  private lines: string[] = [];
  private inFence = false;
  private count = 0;

  constructor(private readonly onStep: (step: ReasoningStep) => void) {}

  push(text: string): void {
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      const line = this.partialLine + text.slice(start, nl);
      this.partialLine = '';
      this.line(line);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    this.partialLine += text.slice(start);
  }

  /** The reasoning is over: what is left is a step that may be unfinished. */
  end(): void {
    if (this.partialLine) {
      this.lines.push(this.partialLine);
      this.partialLine = '';
    }
    this.flush(false);
  }

  get stepsEmitted(): number {
    return this.count;
  }

  private line(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (FENCE.test(line)) {
      this.inFence = !this.inFence;
      this.lines.push(line);
      return;
    }
    if (this.inFence) {
      this.lines.push(line);
      return;
    }
    if (line.trim() === '') {
      this.flush(true);
      return;
    }
    if (STEP_START.test(line) && this.lines.length > 0) this.flush(true);
    this.lines.push(line);
  }

  private flush(complete: boolean): void {
    const text = this.lines.join('\n').trim();
    this.lines = [];
    if (!text) return;
    this.onStep({ index: this.count++, text, complete });
  }
}

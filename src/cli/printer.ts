import { REDACTED_REASONING_NOTICE } from '../core/types';
import type { SessionEvent, SessionResult } from '../core/session/session';
import { summaryLine } from '../core/session/summary';
import { OrderedOutput } from './orderedOutput';

export interface Streams {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

export function colorsWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  // https://no-color.org: any non-empty value turns colour off.
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

/**
 * Human output: the answer alone on stdout (so `> answer.md` keeps just the
 * answer) and the reasoning, dimmed, on stderr as it arrives.
 */
export class HumanPrinter {
  private readonly output = new OrderedOutput();
  private reasoningOpen = false;
  private wroteContent = false;
  private lastContentChar = '';

  constructor(
    private readonly s: Streams,
    private readonly color: boolean,
  ) {}

  event(e: SessionEvent): void {
    if (e.type === 'reasoning') {
      this.reasoningOpen = true;
      this.output.write(this.s.err, this.color ? DIM + e.text + RESET : e.text);
    } else if (e.type === 'content') {
      this.closeReasoning();
      this.wroteContent = true;
      this.lastContentChar = e.text[e.text.length - 1] ?? this.lastContentChar;
      this.output.write(this.s.out, e.text);
    } else if (e.type === 'redacted') {
      // Said in words where the reasoning goes, never mixed into its text.
      if (this.reasoningOpen) this.output.write(this.s.err, '\n');
      this.line(this.paint(YELLOW, REDACTED_REASONING_NOTICE));
    }
  }

  end(result: SessionResult): void {
    this.closeReasoning();
    // A terminal prompt should not start mid-line; a redirected file keeps the exact answer.
    if (this.wroteContent && this.lastContentChar !== '\n' && this.s.out.isTTY) this.output.write(this.s.out, '\n');
    if (result.error) this.line(`${this.paint(RED, 'error:')} ${result.error.message}`);
    if (result.notice) this.line(`${this.paint(YELLOW, 'note:')} ${result.notice}`);
    if (result.status === 'cancelled') this.line('cancelled; the partial answer above is kept.');
    this.line(this.paint(DIM, summaryLine(result)));
    this.output.flush();
  }

  /** Writes whatever is held; for an exit that cannot wait for the next turn of the loop. */
  flush(): void {
    this.output.flush();
  }

  private closeReasoning(): void {
    if (!this.reasoningOpen) return;
    this.reasoningOpen = false;
    this.output.write(this.s.err, '\n\n');
  }

  private line(text: string): void {
    this.output.write(this.s.err, `thinkstream: ${text}\n`);
  }

  private paint(code: string, text: string): string {
    return this.color ? code + text + RESET : text;
  }
}

/** Session events that are not part of the `--json` contract: how the session works, not what the model said. */
const NOT_PRINTED = new Set<SessionEvent['type']>(['phase', 'retry', 'end']);

/** `--json`: one StreamEvent per line (and, with --steps, one per whole reasoning step), then one metrics line. */
export class JsonPrinter {
  private readonly output = new OrderedOutput();

  constructor(
    private readonly s: Streams,
    private readonly opts: { steps: boolean } = { steps: false },
  ) {}

  event(e: SessionEvent): void {
    if (NOT_PRINTED.has(e.type) || (e.type === 'step' && !this.opts.steps)) return;
    this.output.write(this.s.out, JSON.stringify(e) + '\n');
  }

  flush(): void {
    this.output.flush();
  }

  end(result: SessionResult): void {
    this.output.flush();
    const m = result.metrics;
    this.s.out.write(
      JSON.stringify({
        type: 'metrics',
        status: result.status,
        ...m,
        model: result.model,
        notice: result.notice,
      }) + '\n',
    );
    this.s.err.write(`thinkstream: ${summaryLine(result)}\n`);
  }
}

import { REDACTED_REASONING_NOTICE, type StreamEvent } from '../core/types';
import type { SessionResult } from '../core/session/session';

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
  private reasoningOpen = false;
  private wroteContent = false;
  private lastContentChar = '';

  constructor(
    private readonly s: Streams,
    private readonly color: boolean,
  ) {}

  event(e: StreamEvent): void {
    if (e.type === 'reasoning') {
      this.reasoningOpen = true;
      this.s.err.write(this.color ? DIM + e.text + RESET : e.text);
    } else if (e.type === 'content') {
      this.closeReasoning();
      this.wroteContent = true;
      this.lastContentChar = e.text[e.text.length - 1] ?? this.lastContentChar;
      this.s.out.write(e.text);
    } else if (e.type === 'redacted') {
      // Said in words where the reasoning goes, never mixed into its text.
      if (this.reasoningOpen) this.s.err.write('\n');
      this.line(this.paint(YELLOW, REDACTED_REASONING_NOTICE));
    }
  }

  end(result: SessionResult): void {
    this.closeReasoning();
    // A terminal prompt should not start mid-line; a redirected file keeps the exact answer.
    if (this.wroteContent && this.lastContentChar !== '\n' && this.s.out.isTTY) this.s.out.write('\n');
    if (result.error) this.line(`${this.paint(RED, 'error:')} ${result.error.message}`);
    if (result.notice) this.line(`${this.paint(YELLOW, 'note:')} ${result.notice}`);
    if (result.status === 'cancelled') this.line('cancelled; the partial answer above is kept.');
    this.line(this.paint(DIM, summaryLine(result)));
  }

  private closeReasoning(): void {
    if (!this.reasoningOpen) return;
    this.reasoningOpen = false;
    this.s.err.write('\n\n');
  }

  private line(text: string): void {
    this.s.err.write(`thinkstream: ${text}\n`);
  }

  private paint(code: string, text: string): string {
    return this.color ? code + text + RESET : text;
  }
}

/** `--json`: one StreamEvent per line, then one metrics line. */
export class JsonPrinter {
  constructor(private readonly s: Streams) {}

  event(e: StreamEvent): void {
    this.s.out.write(JSON.stringify(e) + '\n');
  }

  end(result: SessionResult): void {
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

export function summaryLine(r: SessionResult): string {
  const m = r.metrics;
  const parts: string[] = [];
  if (m.outputTokens !== undefined) {
    const approx = m.tokensEstimated ? '≈' : '';
    const reasoning = m.reasoningTokens ? ` (${m.reasoningTokens} reasoning)` : '';
    parts.push(`${approx}${m.outputTokens} tokens${reasoning}`);
  }
  const firstToken = minDefined(m.firstReasoningMs, m.firstContentMs);
  if (firstToken !== undefined) parts.push(`first token ${seconds(firstToken)}`);
  if (m.reasoningMs !== undefined) parts.push(`thought ${seconds(m.reasoningMs)}`);
  if (m.tokensPerSecond !== undefined) parts.push(`${m.tokensEstimated ? '≈' : ''}${m.tokensPerSecond} tok/s`);
  parts.push(`${seconds(m.totalMs)} total`);
  if (m.attempts > 1) parts.push(`${m.attempts} attempts`);
  return `${r.status} · ${parts.join(' · ')}`;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)}s` : `${(ms / 1000).toFixed(1)}s`;
}

function minDefined(a?: number, b?: number): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

// The "Thinkstream" output channel: a plain, readable transcript of each request as it
// streams, for copying out or reading beside the chat. Text arrives per batch, never
// per token, because every append crosses to the renderer.
import type * as vscode from 'vscode';
import type { SessionResult } from '../core/session/session';
import { summaryLine, summaryText } from '../core/session/summary';
import type { SelectionRef, TurnMetrics, TurnState } from '../protocol';
import type { DeltaBatch } from './deltaBatcher';
import type { MirrorMode } from './settings';
import type { TurnRecord } from './turnStore';

export interface TranscriptHeader {
  turnId: string;
  kind: string;
  providerId: string;
  model: string;
  /** Origin only: a base URL's path or query may carry things a transcript must not show. */
  origin: string;
  prompt: string;
  ref?: SelectionRef;
}

type Section = 'none' | 'reasoning' | 'answer';

/** What tests may read back; the channel itself cannot be read. */
const KEPT_CHARS = 256 * 1024;

export class TranscriptChannel {
  private turnId?: string;
  private mode: MirrorMode = 'off';
  private hinted = false;
  private section: Section = 'none';
  private atLineStart = true;
  private kept = '';

  constructor(
    private readonly channel: vscode.OutputChannel,
    private readonly mirror: () => MirrorMode,
  ) {}

  begin(h: TranscriptHeader): void {
    this.turnId = h.turnId;
    this.mode = this.mirror();
    this.section = 'none';
    if (this.mode === 'off') return;
    const where = h.ref ? ` (${h.ref.file}:${h.ref.startLine}-${h.ref.endLine})` : '';
    this.startLine();
    this.write(`── ${h.kind} · ${h.providerId} · ${h.model} · ${h.origin} ──\n${h.prompt}${where}\n`);
  }

  delta(batch: DeltaBatch): void {
    if (batch.id !== this.turnId || this.mode === 'off') return;
    let out = '';
    if (batch.reasoning && this.mode === 'answerAndReasoning') out += this.enter('reasoning') + batch.reasoning;
    if (batch.content) out += this.enter('answer') + batch.content;
    if (out) this.write(out);
  }

  retry(turnId: string, attempt: number, delayMs: number, reason: string): void {
    if (turnId !== this.turnId || this.mode === 'off') return;
    this.startLine();
    this.write(`[retry ${attempt} in ${seconds(delayMs)}: ${reason}]\n`);
  }

  end(turnId: string, result: SessionResult): void {
    if (turnId !== this.turnId || this.mode === 'off') return;
    this.startLine();
    if (result.status === 'error' && result.error) this.write(`[error] ${result.error.message}\n`);
    if (result.notice) this.write(`[note] ${result.notice}\n`);
    this.write(`── ${summaryLine(result)} ──\n\n`);
    this.turnId = undefined;
  }

  /** A request that was refused before it was sent (no key, unknown provider). */
  refused(turnId: string, message: string): void {
    if (turnId !== this.turnId || this.mode === 'off') return;
    this.startLine();
    this.write(`[error] ${message}\n── not sent ──\n\n`);
    this.turnId = undefined;
  }

  /**
   * Writes a saved conversation out again (after a reload, or when one is reopened
   * from the history), so the channel holds what the chat shows.
   */
  restore(records: readonly TurnRecord[]): void {
    const mode = this.mirror();
    if (mode === 'off' || records.length === 0) return;
    this.turnId = undefined;
    this.startLine();
    let out = `══ Earlier in this conversation (${records.length} turn${records.length === 1 ? '' : 's'}, restored) ══\n`;
    for (const { turn, kind } of records) {
      const where = turn.ref ? ` (${turn.ref.file}:${turn.ref.startLine}-${turn.ref.endLine})` : '';
      out += `── ${kind} · ${turn.provider} · ${turn.model} ──\n${turn.prompt}${where}\n`;
      if (turn.reasoning && mode === 'answerAndReasoning') out += `[reasoning]\n${withNewline(turn.reasoning)}`;
      if (turn.content) out += `[answer]\n${withNewline(turn.content)}`;
      if (turn.error) out += `[error] ${turn.error}\n`;
      if (turn.notice) out += `[note] ${turn.notice}\n`;
      out += `── ${savedSummary(turn)} ──\n\n`;
    }
    this.write(out);
  }

  text(): string {
    return this.kept;
  }

  show(): void {
    if (this.mirror() === 'off' && !this.hinted) {
      this.hinted = true;
      this.channel.appendLine('The transcript is off. Set thinkstream.outputChannel.mirror to mirror questions and answers here (any installed extension can read an output channel).');
    }
    this.channel.show(true);
  }

  /** Turning the mirror off takes the conversation out of the channel too, and stops the turn being written. */
  clear(): void {
    this.channel.clear();
    this.kept = '';
    this.mode = 'off';
    this.hinted = false;
    this.atLineStart = true;
  }

  private enter(section: Section): string {
    if (this.section === section) return '';
    this.section = section;
    const tag = section === 'reasoning' ? '[reasoning]\n' : '[answer]\n';
    return (this.atLineStart ? '' : '\n') + tag;
  }

  private startLine(): void {
    if (!this.atLineStart) this.write('\n');
  }

  private write(text: string): void {
    if (!text) return;
    this.channel.append(text);
    this.atLineStart = text.endsWith('\n');
    this.kept += text;
    if (this.kept.length > KEPT_CHARS) this.kept = this.kept.slice(-KEPT_CHARS / 2);
  }
}

/** A saved turn has no SessionResult any more; its stored figures feed the same summary. */
function savedSummary(turn: TurnState): string {
  const m: TurnMetrics = turn.metrics ?? {};
  return summaryText({
    status: turn.state,
    firstTokenMs: m.ttftMs,
    thinkingMs: m.thinkingMs,
    totalMs: m.totalMs,
    outputTokens: m.outputTokens,
    reasoningTokens: m.reasoningTokens,
    inputTokens: m.inputTokens,
    tokensPerSecond: m.tokensPerSecond,
    tokensEstimated: m.tokensEstimated,
    cost: m.cost,
  });
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

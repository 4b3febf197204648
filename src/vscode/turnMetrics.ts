// Timing and usage for one turn, measured in the extension host: live figures while
// it streams (sent with each tick of the one clock) and the session's final measure
// at the end. No vscode import, so it is tested in plain Node.
import { estimateTokens, type SessionMetrics } from '../core/session/metrics';
import type { UsageEvent } from '../core/types';
import type { TurnMetrics } from '../protocol';

type Usage = Omit<UsageEvent, 'type'>;

/** Below this much generation a rate is noise (often one burst from a cache). */
const MIN_RATE_MS = 50;

export class LiveTurnMetrics {
  private firstReasoningAt?: number;
  private firstContentAt?: number;
  private reasoningChars = 0;
  private contentChars = 0;
  private usage: Usage = {};

  constructor(
    private readonly startedAt: number,
    private readonly now: () => number = Date.now,
  ) {}

  text(kind: 'reasoning' | 'content', text: string): void {
    if (!text) return;
    if (kind === 'reasoning') {
      this.firstReasoningAt ??= this.now();
      this.reasoningChars += text.length;
    } else {
      this.firstContentAt ??= this.now();
      this.contentChars += text.length;
    }
  }

  /** Usage reports may come in parts (Anthropic sends input tokens first); later fields win. */
  addUsage(u: Usage): void {
    for (const [k, v] of Object.entries(u)) if (v !== undefined) (this.usage as Record<string, unknown>)[k] = v;
  }

  snapshot(): TurnMetrics {
    const now = this.now();
    const first = minDefined(this.firstReasoningAt, this.firstContentAt);
    const estimated = this.usage.outputTokens === undefined;
    const outputTokens = estimated ? estimateTokens(this.reasoningChars + this.contentChars) : this.usage.outputTokens;
    const genMs = first === undefined ? 0 : now - first;
    return definedOnly({
      ttftMs: first === undefined ? undefined : round1(first - this.startedAt),
      thinkingMs: this.firstReasoningAt === undefined ? undefined : round1((this.firstContentAt ?? now) - this.firstReasoningAt),
      answerMs: this.firstContentAt === undefined ? undefined : round1(now - this.firstContentAt),
      totalMs: round1(now - this.startedAt),
      tokensPerSecond: outputTokens && genMs >= MIN_RATE_MS ? round1(outputTokens / (genMs / 1000)) : undefined,
      tokensEstimated: outputTokens ? estimated : undefined,
      inputTokens: this.usage.inputTokens,
      outputTokens: outputTokens || undefined,
      reasoningTokens: this.usage.reasoningTokens,
      cost: this.usage.cost,
      live: true,
    });
  }
}

/** The session's final measure, in the shape the chat shows and saves. */
export function finalTurnMetrics(m: SessionMetrics): TurnMetrics {
  return definedOnly({
    ttftMs: minDefined(m.firstReasoningMs, m.firstContentMs),
    thinkingMs: m.reasoningMs,
    answerMs: m.firstContentMs === undefined ? undefined : round1(m.totalMs - m.firstContentMs),
    totalMs: m.totalMs,
    tokensPerSecond: m.tokensPerSecond,
    tokensEstimated: m.tokensEstimated,
    inputTokens: m.inputTokens,
    outputTokens: m.outputTokens,
    reasoningTokens: m.reasoningTokens,
    cost: m.cost,
  });
}

/** Undefined fields would vanish in postMessage anyway; dropping them keeps the saved state the same as the sent one. */
export function definedOnly<T extends object>(o: T): T {
  const out = {} as T;
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

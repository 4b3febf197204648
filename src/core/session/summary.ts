// The one-line account of how a request went ("done · 119 tokens · first token
// 0.40s · …"), computed once here so the CLI, the transcript (live and restored)
// and anything else that prints it say exactly the same thing.

import type { SessionResult, SessionStatus } from './result';

/** What a summary says, whether it comes from a live result or a saved turn. */
export interface SummaryFacts {
  status: SessionStatus | 'streaming';
  firstTokenMs?: number;
  thinkingMs?: number;
  totalMs?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  inputTokens?: number;
  tokensPerSecond?: number;
  tokensEstimated?: boolean;
  cost?: number;
  attempts?: number;
}

const STATUS_WORD: Record<SummaryFacts['status'], string> = {
  done: 'done',
  truncated: 'cut off',
  cancelled: 'cancelled',
  error: 'error',
  streaming: 'unfinished',
};

export function summaryLine(r: Pick<SessionResult, 'status' | 'metrics'>): string {
  const m = r.metrics;
  return summaryText({
    status: r.status,
    firstTokenMs: firstTokenMs(m),
    thinkingMs: m.reasoningMs,
    totalMs: m.totalMs,
    outputTokens: m.outputTokens,
    reasoningTokens: m.reasoningTokens,
    inputTokens: m.inputTokens,
    tokensPerSecond: m.tokensPerSecond,
    tokensEstimated: m.tokensEstimated,
    cost: m.cost,
    attempts: m.attempts,
  });
}

export function summaryText(f: SummaryFacts): string {
  const parts: string[] = [STATUS_WORD[f.status]];
  const approx = f.tokensEstimated ? '≈' : '';
  if (f.outputTokens !== undefined) {
    const reasoning = f.reasoningTokens ? ` (${f.reasoningTokens} reasoning)` : '';
    parts.push(`${approx}${f.outputTokens} tokens${reasoning}`);
  }
  if (f.inputTokens !== undefined) parts.push(`${f.inputTokens} in`);
  if (f.firstTokenMs !== undefined) parts.push(`first token ${seconds(f.firstTokenMs)}`);
  if (f.thinkingMs !== undefined) parts.push(`thought ${seconds(f.thinkingMs)}`);
  if (f.tokensPerSecond !== undefined) parts.push(`${approx}${f.tokensPerSecond} tok/s`);
  if (f.cost !== undefined) parts.push(`$${f.cost.toFixed(4)}`);
  if (f.totalMs !== undefined) parts.push(`${seconds(f.totalMs)} total`);
  if (f.attempts !== undefined && f.attempts > 1) parts.push(`${f.attempts} attempts`);
  return parts.join(' · ');
}

export function firstTokenMs(m: { firstReasoningMs?: number; firstContentMs?: number }): number | undefined {
  const a = m.firstReasoningMs;
  const b = m.firstContentMs;
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)}s` : `${(ms / 1000).toFixed(1)}s`;
}

// Short, stable labels for durations and rates shown in the chat.
import type { TurnMetrics } from '../protocol';

/** Whole seconds, for a header that ticks once a second. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** A finished duration: tenths under a minute. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
  return formatElapsed(ms);
}

export interface MetricPart {
  text: string;
  title: string;
}

/** The footer's figures, in the order a reader scans them; only those the host measured. */
export function metricParts(m: TurnMetrics | undefined): MetricPart[] {
  if (!m) return [];
  const parts: MetricPart[] = [];
  const approx = m.tokensEstimated ? '≈' : '';
  const estimated = m.tokensEstimated ? ', estimated from characters' : '';
  if (m.ttftMs !== undefined) parts.push({ text: `first token ${formatDuration(m.ttftMs)}`, title: 'Time to first token' });
  if (m.thinkingMs !== undefined) parts.push({ text: `thinking ${formatDuration(m.thinkingMs)}`, title: 'Time spent reasoning' });
  if (m.answerMs !== undefined) parts.push({ text: `answer ${formatDuration(m.answerMs)}`, title: 'Time spent writing the answer' });
  if (m.tokensPerSecond !== undefined && Number.isFinite(m.tokensPerSecond)) {
    parts.push({ text: `${approx}${m.tokensPerSecond.toFixed(1)} tok/s`, title: `Output speed${estimated}` });
  }
  if (m.outputTokens !== undefined) parts.push({ text: `${approx}${formatCount(m.outputTokens)} out`, title: `Output tokens${estimated}` });
  if (m.reasoningTokens !== undefined) {
    parts.push({ text: `${approx}${formatCount(m.reasoningTokens)} reasoning`, title: `Reasoning tokens${estimated}` });
  }
  if (m.cost !== undefined && Number.isFinite(m.cost)) parts.push({ text: formatCost(m.cost), title: 'Cost reported by the provider' });
  if (m.totalMs !== undefined) parts.push({ text: `${formatDuration(m.totalMs)} total`, title: 'Total time' });
  return parts;
}

function formatCost(cost: number): string {
  return cost >= 0.01 ? `$${cost.toFixed(2)}` : `$${cost.toFixed(4)}`;
}

/** 812, 1,204, 12.3k: a token count that stays short. */
export function formatCount(n: number): string {
  if (n < 10_000) return n.toLocaleString('en-US');
  return `${(n / 1000).toFixed(1)}k`;
}

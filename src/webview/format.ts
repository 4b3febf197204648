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

export function metricParts(m: TurnMetrics | undefined): MetricPart[] {
  if (!m) return [];
  const parts: MetricPart[] = [];
  if (m.ttftMs !== undefined) parts.push({ text: `first token ${formatDuration(m.ttftMs)}`, title: 'Time to first token' });
  if (m.tokensPerSecond !== undefined && Number.isFinite(m.tokensPerSecond)) {
    const approx = m.tokensEstimated ? '≈' : '';
    const count = m.outputTokens !== undefined ? ` (${approx}${m.outputTokens} tokens)` : '';
    parts.push({
      text: `${approx}${m.tokensPerSecond.toFixed(1)} tok/s`,
      title: `Output speed${count}${m.tokensEstimated ? ', estimated from characters' : ''}`,
    });
  }
  if (m.totalMs !== undefined) parts.push({ text: `${formatDuration(m.totalMs)} total`, title: 'Total time' });
  return parts;
}

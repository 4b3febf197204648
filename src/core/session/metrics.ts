export interface SessionMetrics {
  /** Request sent → first response body byte. */
  ttfbMs?: number;
  firstReasoningMs?: number;
  firstContentMs?: number;
  /** First reasoning token → first answer token (or the end, if no answer came). */
  reasoningMs?: number;
  totalMs: number;
  inputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  /** As reported by the provider, in its currency (US dollars for those that report it). */
  cost?: number;
  /** Output tokens per second of generation (first token → end). */
  tokensPerSecond?: number;
  /** True when the server reported no usage and the counts are a characters/4 estimate. */
  tokensEstimated: boolean;
  attempts: number;
}

/** Wall-clock marks taken as the stream arrives; turned into metrics once at the end. */
export class MetricsClock {
  readonly start: number;
  firstByte?: number;
  firstReasoning?: number;
  firstContent?: number;
  reasoningEnd?: number;

  constructor(private readonly now: () => number) {
    this.start = now();
  }

  mark(): number {
    return this.now();
  }

  finish(
    usage: { inputTokens?: number; outputTokens?: number; reasoningTokens?: number; cost?: number } | undefined,
    chars: { reasoning: number; content: number },
    attempts: number,
  ): SessionMetrics {
    const end = this.now();
    const rel = (t: number | undefined) => (t === undefined ? undefined : round1(t - this.start));
    const firstToken = minDefined(this.firstReasoning, this.firstContent);
    const reasoningMs =
      this.firstReasoning === undefined ? undefined : round1((this.reasoningEnd ?? this.firstContent ?? end) - this.firstReasoning);
    const estimated = usage?.outputTokens === undefined;
    const outputTokens = estimated ? estimateTokens(chars.reasoning + chars.content) : usage!.outputTokens;
    const genSeconds = firstToken === undefined ? 0 : (end - firstToken) / 1000;
    return {
      ttfbMs: rel(this.firstByte),
      firstReasoningMs: rel(this.firstReasoning),
      firstContentMs: rel(this.firstContent),
      reasoningMs,
      totalMs: round1(end - this.start),
      inputTokens: usage?.inputTokens,
      outputTokens: outputTokens || undefined,
      reasoningTokens: usage?.reasoningTokens,
      cost: usage?.cost,
      // Below ~50 ms of generation the rate is noise (often one burst from a cache).
      tokensPerSecond: outputTokens && genSeconds >= 0.05 ? round1(outputTokens / genSeconds) : undefined,
      tokensEstimated: estimated,
      attempts,
    };
  }
}

/** About four characters a token for English and code; good enough for a rate. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

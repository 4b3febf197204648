import type { InlineThinkMode, StreamEvent } from '../types';

export type EventSink = (event: StreamEvent) => void;

export interface AdapterOptions {
  emit: EventSink;
  /** The model asked for; the stream may name the one that answered. */
  model?: string;
  inlineThink: InlineThinkMode;
}

/** What a stream said besides its events, needed to continue the conversation. */
export interface StreamMeta {
  model?: string;
  /** Anthropic: signature over the thinking block, required to send it back. */
  reasoningSignature?: string;
  /** The reasoning stopped inside an unclosed <think> block. */
  endedInsideThinking?: boolean;
  /** Frames that were not valid JSON and could not be recovered (skipped). */
  skippedFrames: number;
}

/** Turns decoded frames (SSE event data or NDJSON lines) into normalized events. */
export interface FrameAdapter {
  frame(data: string, event: string | undefined): void;
  /** The bytes ended: flush, and report a stream that ended before it finished. */
  end(): void;
  readonly meta: StreamMeta;
}

export function endedEarlyError(): StreamEvent {
  return {
    type: 'error',
    message: 'The connection closed before the model finished its answer (the server sent no finish).',
    retryable: true,
  };
}

export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Rate limits and overload are worth retrying by hand; bad requests are not. */
export function isRetryableErrorType(type: unknown, status?: number): boolean {
  if (status !== undefined && (status === 408 || status === 429 || status >= 500)) return true;
  return typeof type === 'string' && /overload|rate|timeout|unavailable|server_error|api_error/i.test(type);
}

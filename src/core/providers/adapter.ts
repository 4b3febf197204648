import type { InlineThinkMode, StreamEvent } from '../types';
import { isRetryable } from '../transport/retry';

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
    kind: 'network',
    retryable: isRetryable({ kind: 'network' }),
  };
}

export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** An error the provider wrote into a 200 stream, judged by the one retry rule. */
export function isRetryableErrorType(type: unknown, status?: number): boolean {
  return isRetryable({ kind: 'stream', status, providerType: typeof type === 'string' ? type : undefined });
}

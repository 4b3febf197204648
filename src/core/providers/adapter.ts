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
  /** Frames that were events of this protocol; zero at the end means nothing readable came. */
  recognizedFrames: number;
  /** OpenAI Responses: reasoning items as the server finished them, for stateless replay. */
  reasoningItems?: Record<string, unknown>[];
}

export function newMeta(model: string | undefined): StreamMeta {
  return { model, skippedFrames: 0, recognizedFrames: 0 };
}

/** Turns decoded frames (SSE event data or NDJSON lines) into normalized events. */
export interface FrameAdapter {
  frame(data: string, event: string | undefined): void;
  /** The bytes ended: flush, and report a stream that ended before it finished. */
  end(): void;
  /**
   * A 200 that was not a stream but one JSON answer: decoded by the same code as a
   * streamed message, so the two cannot disagree. False when the JSON is not a
   * message of this protocol.
   */
  whole(body: Record<string, any>): boolean;
  /** A line that is no field of the wire format (SSE only). */
  strayLine?(line: string): void;
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

export const NO_DETAILS = 'The provider reported an error without details.';

/**
 * The data of an SSE `event: error`, whatever it holds: an object (maybe wrapping
 * `error`), a bare string, `null` or nothing at all.
 */
export function errorFromEventData(data: string): { message: string; type?: string; status?: number } {
  let v: unknown = data;
  try {
    v = JSON.parse(data);
  } catch {
    // Not JSON: the text itself is the message.
  }
  if (isObject(v) && isObject(v.error)) v = v.error;
  if (isObject(v)) {
    const message = typeof v.message === 'string' && v.message.trim() ? v.message : undefined;
    const type = typeof v.type === 'string' && v.type !== 'error' ? v.type : typeof v.code === 'string' ? v.code : undefined;
    const status = num(v.status) ?? num(v.code);
    return { message: message ?? type ?? NO_DETAILS, type, status };
  }
  if (typeof v === 'string' && v.trim()) return { message: v.trim() };
  return { message: NO_DETAILS };
}

/** Says what arrived when a 200 carried nothing this protocol could read. */
export function noEventsError(preview: string, truncated: boolean): StreamEvent {
  const lines = preview.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  let comments = 0;
  let json = 0;
  let notJson = 0;
  for (const line of lines) {
    if (line.startsWith(':')) comments++;
    else if (isJson(line.replace(/^data:\s?/, ''))) json++;
    else notJson++;
  }
  const more = truncated ? ' or more' : '';
  const parts: string[] = [];
  if (notJson) parts.push(`${notJson}${more} ${plural(notJson, 'line')} that ${notJson === 1 ? 'is' : 'are'} not JSON`);
  if (json) parts.push(`${json} JSON ${plural(json, 'line')} that ${json === 1 ? 'is' : 'are'} not events of this protocol`);
  if (comments) parts.push(`${comments} comment ${plural(comments, 'line')}`);
  const first = lines.find((l) => !l.startsWith(':'));
  // Uncut: the session redacts the message and only then cuts it to length.
  const sample = first ? ` (the first: "${first}")` : '';
  return {
    type: 'error',
    message: `The server answered 200 but sent no events: ${parts.join(', ')}${sample}. Check the base URL and the protocol (kind).`,
    kind: 'parse',
    retryable: false,
  };
}

function plural(n: number, word: string): string {
  return n === 1 ? word : word + 's';
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

import type { ProviderKind, StreamEvent } from '../types';
import { isObject, type FrameAdapter } from './adapter';
import { createAdapter } from './adapters';
import { openAiErrorEvent } from './openaiStream';

/** Bytes of a non-stream body kept for diagnosis; a real answer body is far smaller. */
export const MAX_WHOLE_BODY_CHARS = 8 * 1024 * 1024;

/**
 * A 200 that is not an event stream: a server that ignored `"stream": true` and
 * sent the whole answer as one JSON value, or a proxy's HTML page. Either way the
 * user gets the answer or a specific reason, not "the stream ended early". The
 * answer itself is decoded by the protocol's own adapter, the same code that reads
 * its stream.
 */
export function decodeWholeBody(text: string, adapter: FrameAdapter, emit: (e: StreamEvent) => void): void {
  const trimmed = text.trim();
  if (trimmed.startsWith('<')) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1]?.replace(/\s+/g, ' ').trim();
    emit({
      type: 'error',
      message: `The server answered with an HTML page instead of an event stream${title ? ` ("${title}")` : ''}: check the base URL, or a proxy or captive portal in between.`,
      kind: 'parse',
      retryable: false,
    });
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(trimmed);
  } catch {
    emit({ type: 'error', message: `The server's answer is neither an event stream nor JSON: ${trimmed.slice(0, 120)}`, kind: 'parse', retryable: false });
    return;
  }
  if (!isObject(body)) return emit(notUnderstood());
  const first = Array.isArray(body) ? body[0] : body;
  if (isObject(first) && first.error !== undefined && first.error !== null && !Array.isArray(first.choices)) {
    emit(openAiErrorEvent(first.error));
    return;
  }
  if (!adapter.whole(body)) return emit(notUnderstood());
  adapter.end();
}

/** A whole body decoded on its own (tests, fuzzing): the same path a live 200 takes. */
export function wholeBodyEvents(kind: ProviderKind, text: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  const emit = (e: StreamEvent) => events.push(e);
  decodeWholeBody(text, createAdapter(kind, { emit, inlineThink: 'auto' }), emit);
  return events;
}

function notUnderstood(): StreamEvent {
  return {
    type: 'error',
    message: 'The server answered with JSON that is not a completion: is the base URL right for this protocol?',
    kind: 'parse',
    retryable: false,
  };
}

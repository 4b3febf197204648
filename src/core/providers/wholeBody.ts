import type { ProviderKind, StreamEvent } from '../types';
import { anthropicFinish, openAiFinish } from './finish';
import { REDACTED_THINKING_TEXT } from './anthropicStream';
import { isObject, num } from './adapter';
import { openAiErrorEvent, openAiUsageEvent } from './openaiStream';

/** Bytes of a non-stream body kept for diagnosis; a real answer body is far smaller. */
export const MAX_WHOLE_BODY_CHARS = 8 * 1024 * 1024;

/**
 * A 200 that is not an event stream: a server that ignored `"stream": true` and
 * sent the whole completion as one JSON object, or a proxy's HTML page. Either
 * way the user gets the answer or a specific reason, not "the stream ended early".
 */
export function wholeBodyEvents(kind: ProviderKind, text: string): StreamEvent[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('<')) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1]?.replace(/\s+/g, ' ').trim();
    return [
      {
        type: 'error',
        message: `The server answered with an HTML page instead of an event stream${title ? ` ("${title}")` : ''}: check the base URL, or a proxy or captive portal in between.`,
        retryable: false,
      },
    ];
  }
  let body: unknown;
  try {
    body = JSON.parse(trimmed);
  } catch {
    return [{ type: 'error', message: `The server's answer is neither an event stream nor JSON: ${trimmed.slice(0, 120)}`, retryable: false }];
  }
  if (!isObject(body)) return [notUnderstood()];
  const error = errorOf(body);
  if (error) return [error];
  return kind === 'anthropic' ? anthropicMessage(body) : openAiCompletion(body);
}

function openAiCompletion(body: Record<string, any>): StreamEvent[] {
  const choice = Array.isArray(body.choices) ? body.choices.find((c: unknown) => isObject(c)) : undefined;
  if (!choice) return [notUnderstood()];
  const events: StreamEvent[] = [];
  const m = isObject(choice.message) ? choice.message : {};
  const reasoning = [m.reasoning_content, m.reasoning, m.thinking].find((r) => typeof r === 'string' && r !== '');
  if (reasoning) events.push({ type: 'reasoning', text: reasoning });
  if (typeof m.content === 'string' && m.content !== '') events.push({ type: 'content', text: m.content });
  if (typeof choice.finish_reason === 'string') events.push({ type: 'finish', reason: openAiFinish(choice.finish_reason), raw: choice.finish_reason });
  if (isObject(body.usage)) events.push(openAiUsageEvent(body.usage));
  return events;
}

function anthropicMessage(body: Record<string, any>): StreamEvent[] {
  if (!Array.isArray(body.content)) return [notUnderstood()];
  const events: StreamEvent[] = [];
  for (const block of body.content) {
    if (!isObject(block)) continue;
    if (block.type === 'thinking' && typeof block.thinking === 'string' && block.thinking) events.push({ type: 'reasoning', text: block.thinking });
    else if (block.type === 'redacted_thinking') events.push({ type: 'reasoning', text: REDACTED_THINKING_TEXT });
    else if (block.type === 'text' && typeof block.text === 'string' && block.text) events.push({ type: 'content', text: block.text });
  }
  if (isObject(body.usage)) events.push({ type: 'usage', inputTokens: num(body.usage.input_tokens), outputTokens: num(body.usage.output_tokens) });
  if (typeof body.stop_reason === 'string') events.push({ type: 'finish', reason: anthropicFinish(body.stop_reason), raw: body.stop_reason });
  return events;
}

function errorOf(body: Record<string, any>): StreamEvent | undefined {
  return body.error === undefined || body.error === null ? undefined : openAiErrorEvent(body.error);
}

function notUnderstood(): StreamEvent {
  return {
    type: 'error',
    message: 'The server answered with JSON that is not a completion: is the base URL right for this protocol?',
    retryable: false,
  };
}

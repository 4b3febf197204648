import type { StreamEvent, UsageEvent } from '../types';
import { ThinkTagSplitter } from './thinkTags';
import { openAiFinish } from './finish';
import {
  endedEarlyError,
  isObject,
  isRetryableErrorType,
  num,
  type AdapterOptions,
  type FrameAdapter,
  type StreamMeta,
} from './adapter';

/**
 * OpenAI-compatible Chat Completions chunks. Servers disagree on where reasoning
 * goes, so every known field is read and the first non-empty one wins per chunk
 * (OpenRouter repeats the same text in `reasoning` and `reasoning_details`).
 */
export class OpenAiStreamAdapter implements FrameAdapter {
  readonly meta: StreamMeta = { skippedFrames: 0 };
  private readonly think: ThinkTagSplitter;
  private finished = false;
  private failed = false;
  private done = false;

  constructor(private readonly opts: AdapterOptions) {
    const emit = opts.emit;
    this.think = new ThinkTagSplitter(
      opts.inlineThink,
      (text) => emit({ type: 'reasoning', text }),
      (text) => emit({ type: 'content', text }),
      () => this.meta.model,
    );
    this.meta.model = opts.model;
  }

  frame(data: string, event: string | undefined): void {
    if (event === 'error') {
      this.chunk({ error: parseOr(data, { message: data }) });
      return;
    }
    const first = firstNonSpace(data);
    if (first === -1) return;
    const c = data.charCodeAt(first);
    if (c === 91 /* [ */ && data.startsWith('[DONE]', first)) {
      this.done = true;
      return;
    }
    // `data: : OPENROUTER PROCESSING`: a comment re-wrapped as data by a proxy.
    if (c === 58 /* : */) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.recover(data);
      return;
    }
    this.chunk(parsed);
  }

  end(): void {
    this.think.end();
    this.meta.endedInsideThinking = this.think.endedInsideThinking;
    if (this.finished || this.failed) return;
    if (this.done) this.opts.emit({ type: 'finish', reason: 'other', raw: '[DONE] without finish_reason' });
    else this.opts.emit(endedEarlyError());
  }

  /** A broken proxy can glue frames onto one line: `data: {…}data: {…}`. */
  private recover(data: string): void {
    const parts = data.split(/(?<=[}\]])\s*data:\s?/);
    if (parts.length > 1) {
      const parsed: unknown[] = [];
      for (const part of parts) {
        if (part.trim() === '[DONE]') {
          parsed.push('[DONE]');
          continue;
        }
        try {
          parsed.push(JSON.parse(part));
        } catch {
          this.meta.skippedFrames++;
          return;
        }
      }
      for (const p of parsed) {
        if (p === '[DONE]') this.done = true;
        else this.chunk(p);
      }
      return;
    }
    this.meta.skippedFrames++;
  }

  private chunk(c: unknown): void {
    if (!isObject(c)) return;
    if (typeof c.model === 'string' && c.model) this.meta.model = c.model;
    if (c.error !== undefined && c.error !== null) this.error(c.error);
    const choices = c.choices;
    if (Array.isArray(choices)) {
      for (const choice of choices) {
        // n > 1 is never requested; a stray extra choice must not interleave text.
        if (isObject(choice) && (choice.index === undefined || choice.index === 0)) this.choice(choice);
      }
    }
    if (isObject(c.usage)) this.usage(c.usage);
  }

  private choice(choice: Record<string, any>): void {
    const delta = choice.delta;
    if (isObject(delta)) {
      const reasoning = reasoningText(delta);
      if (reasoning) {
        this.think.fieldReasoning();
        this.opts.emit({ type: 'reasoning', text: reasoning });
      }
      const content = delta.content;
      if (typeof content === 'string' && content !== '') {
        this.think.push(content);
      }
    }
    const reason = choice.finish_reason;
    if (typeof reason === 'string' && reason !== '' && !this.finished) {
      this.finished = true;
      this.think.end();
      if (reason === 'error' && !this.failed) this.error(choice.error ?? { message: 'The provider ended the stream with an error.' });
      this.opts.emit({ type: 'finish', reason: openAiFinish(reason), raw: reason });
    }
  }

  private usage(u: Record<string, any>): void {
    this.opts.emit(openAiUsageEvent(u));
  }

  private error(e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.opts.emit(openAiErrorEvent(e));
  }
}

/** OpenAI-style usage, streamed or in a whole completion; some servers use Anthropic's names. */
export function openAiUsageEvent(u: Record<string, any>): UsageEvent {
  const details = isObject(u.completion_tokens_details) ? u.completion_tokens_details : undefined;
  return {
    type: 'usage',
    inputTokens: num(u.prompt_tokens) ?? num(u.input_tokens),
    outputTokens: num(u.completion_tokens) ?? num(u.output_tokens),
    reasoningTokens: num(details?.reasoning_tokens) ?? num(u.reasoning_tokens),
    cost: num(u.cost),
  };
}

/** An `error` object as OpenAI-compatible servers send it, mid-stream or as a whole body. */
export function openAiErrorEvent(e: unknown): StreamEvent {
  const obj = isObject(e) ? e : { message: String(e) };
  const status = num(obj.code) ?? num(obj.status);
  // Uncut: the session redacts the message and only then cuts it to length.
  const message = typeof obj.message === 'string' && obj.message ? obj.message : JSON.stringify(obj);
  return { type: 'error', message, status, retryable: isRetryableErrorType(obj.type ?? obj.code, status) };
}

function reasoningText(delta: Record<string, any>): string | undefined {
  const a = delta.reasoning_content;
  if (typeof a === 'string' && a !== '') return a;
  const b = delta.reasoning;
  if (typeof b === 'string' && b !== '') return b;
  const details = delta.reasoning_details;
  if (Array.isArray(details)) {
    let text = '';
    for (const d of details) {
      if (!isObject(d)) continue;
      // Encrypted items and signatures carry no readable text.
      if (typeof d.text === 'string') text += d.text;
      else if (typeof d.summary === 'string') text += d.summary;
    }
    if (text) return text;
  }
  const c = delta.thinking;
  if (typeof c === 'string' && c !== '') return c;
  return undefined;
}

function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return i;
  }
  return -1;
}

function parseOr(data: string, fallback: unknown): unknown {
  try {
    const v = JSON.parse(data);
    return isObject(v) && isObject(v.error) ? v.error : v;
  } catch {
    return fallback;
  }
}

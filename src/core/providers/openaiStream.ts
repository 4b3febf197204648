import type { StreamEvent, UsageEvent } from '../types';
import { ThinkTagSplitter } from './thinkTags';
import { openAiFinish } from './finish';
import {
  endedEarlyError,
  errorFromEventData,
  isObject,
  isRetryableErrorType,
  newMeta,
  num,
  type AdapterOptions,
  type FrameAdapter,
  type StreamMeta,
} from './adapter';

const GOOGLE_THOUGHT_OPEN = '<thought>';
const GOOGLE_THOUGHT_CLOSE = '</thought>';

/**
 * OpenAI-compatible Chat Completions, streamed chunks and whole completions alike
 * (`choice.delta` or `choice.message`). Servers disagree on where reasoning goes,
 * so every known field is read and the first non-empty one wins per chunk
 * (OpenRouter repeats the same text in `reasoning` and `reasoning_details`).
 */
export class OpenAiStreamAdapter implements FrameAdapter {
  readonly meta: StreamMeta;
  private readonly think: ThinkTagSplitter;
  private finished = false;
  private failed = false;
  private done = false;
  /** Gemini's compatible endpoint: thought deltas are flagged, and the next answer delta starts with </thought>. */
  private googleThought: 'none' | 'open' | 'closing' = 'none';

  constructor(private readonly opts: AdapterOptions) {
    const emit = opts.emit;
    this.meta = newMeta(opts.model);
    this.think = new ThinkTagSplitter(
      opts.inlineThink,
      (text) => emit({ type: 'reasoning', text }),
      (text) => emit({ type: 'content', text }),
      () => this.meta.model,
    );
  }

  frame(data: string, event: string | undefined): void {
    // Whatever follows [DONE] (a proxy's late error, a second answer) is not this answer.
    if (this.done) return;
    if (event === 'error') {
      this.meta.recognizedFrames++;
      this.fail(errorFromEventData(data));
      return;
    }
    const first = firstNonSpace(data);
    if (first === -1) return;
    const c = data.charCodeAt(first);
    if (c === 91 /* [ */ && data.startsWith('[DONE]', first)) {
      this.meta.recognizedFrames++;
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

  whole(body: Record<string, any>): boolean {
    if (!Array.isArray(body.choices) || !body.choices.some((c: unknown) => isObject(c))) return false;
    this.chunk(body);
    return true;
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
        if (this.done) return;
        if (p === '[DONE]') this.done = true;
        else this.chunk(p);
      }
      return;
    }
    this.meta.skippedFrames++;
  }

  private chunk(c: unknown): void {
    if (!isObject(c)) return;
    const choices = c.choices;
    const hasError = c.error !== undefined && c.error !== null;
    if (!Array.isArray(choices) && !hasError && !isObject(c.usage) && !isObject(c.x_groq)) return;
    this.meta.recognizedFrames++;
    if (typeof c.model === 'string' && c.model) this.meta.model = c.model;
    if (hasError) this.error(c.error);
    if (Array.isArray(choices)) {
      for (const choice of choices) {
        // n > 1 is never requested; a stray extra choice must not interleave text.
        if (isObject(choice) && (choice.index === undefined || choice.index === 0)) this.choice(choice);
      }
    }
    if (isObject(c.usage)) this.opts.emit(openAiUsageEvent(c.usage));
    // Groq reports usage inside its own envelope on the last chunk.
    else if (isObject(c.x_groq) && isObject(c.x_groq.usage)) this.opts.emit(openAiUsageEvent(c.x_groq.usage));
  }

  private choice(choice: Record<string, any>): void {
    const delta = isObject(choice.delta) ? choice.delta : isObject(choice.message) ? choice.message : undefined;
    if (delta) {
      const reasoning = reasoningText(delta);
      if (reasoning) {
        this.think.fieldReasoning();
        this.opts.emit({ type: 'reasoning', text: reasoning });
      }
      const content = delta.content;
      if (typeof content === 'string') {
        if (content !== '') this.text(content, isGoogleThought(delta));
      } else if (Array.isArray(content)) {
        this.parts(content);
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

  /**
   * Gemini's compatible endpoint marks thought deltas with a flag and wraps them in
   * <thought>…</thought>; the flag decides, so an answer that mentions the tag keeps it.
   */
  private text(content: string, googleThought: boolean): void {
    if (googleThought) {
      this.think.fieldReasoning();
      let t = content;
      if (this.googleThought === 'none' && t.startsWith(GOOGLE_THOUGHT_OPEN)) t = t.slice(GOOGLE_THOUGHT_OPEN.length);
      this.googleThought = 'open';
      if (t) this.opts.emit({ type: 'reasoning', text: t });
      return;
    }
    let t = content;
    if (this.googleThought === 'open') {
      this.googleThought = 'closing';
      if (t.startsWith(GOOGLE_THOUGHT_CLOSE)) t = t.slice(GOOGLE_THOUGHT_CLOSE.length);
    }
    if (t) this.think.push(t);
  }

  /**
   * Mistral sends `content` as an array of chunks: `thinking` (itself an array of
   * text items) is reasoning, `text` is answer, in array order; references carry no text.
   */
  private parts(parts: unknown[]): void {
    for (const p of parts) {
      if (!isObject(p)) continue;
      if (p.type === 'thinking') {
        const text = thinkingText(p.thinking);
        if (text) {
          this.think.fieldReasoning();
          this.opts.emit({ type: 'reasoning', text });
        }
      } else if (p.type === 'text' && typeof p.text === 'string' && p.text !== '') {
        this.think.push(p.text);
      }
    }
  }

  private error(e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.opts.emit(openAiErrorEvent(e));
  }

  private fail(e: { message: string; type?: string; status?: number }): void {
    if (this.failed) return;
    this.failed = true;
    this.opts.emit({ type: 'error', message: e.message, status: e.status, kind: 'stream', retryable: isRetryableErrorType(e.type, e.status) });
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
  return { type: 'error', message, status, retryable: isRetryableErrorType(obj.type ?? obj.code ?? obj.status, status) };
}

function isGoogleThought(delta: Record<string, any>): boolean {
  const extra = delta.extra_content;
  return isObject(extra) && isObject(extra.google) && extra.google.thought === true;
}

function thinkingText(thinking: unknown): string {
  if (typeof thinking === 'string') return thinking;
  if (!Array.isArray(thinking)) return '';
  let text = '';
  for (const t of thinking) if (isObject(t) && t.type === 'text' && typeof t.text === 'string') text += t.text;
  return text;
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

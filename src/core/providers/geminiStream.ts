import type { UsageEvent } from '../types';
import { geminiFinish } from './finish';
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

/**
 * Gemini's native `streamGenerateContent?alt=sse`: each event is a whole
 * GenerateContentResponse; a whole (non-SSE) body is one of them or an array. Parts
 * marked `thought: true` are reasoning, other text parts the answer, concatenated
 * verbatim (each thought summary brings its own title and spacing).
 */
export class GeminiStreamAdapter implements FrameAdapter {
  readonly meta: StreamMeta;
  private finished = false;
  private failed = false;
  private usage?: UsageEvent;
  private usageShown = true;
  /** An error the server printed as bare JSON lines, outside any `data:` field. */
  private stray = '';

  constructor(private readonly opts: AdapterOptions) {
    this.meta = newMeta(opts.model);
  }

  frame(data: string, event: string | undefined): void {
    if (event === 'error') {
      this.meta.recognizedFrames++;
      const e = errorFromEventData(data);
      this.fail({ message: e.message, code: e.status, status: e.type });
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      this.meta.skippedFrames++;
      return;
    }
    if (isObject(msg)) this.chunk(msg);
  }

  whole(body: Record<string, any>): boolean {
    const chunks = Array.isArray(body) ? body : [body];
    const before = this.meta.recognizedFrames;
    for (const c of chunks) if (isObject(c)) this.chunk(c);
    return this.meta.recognizedFrames > before;
  }

  /** Lines with no SSE field: Google sends a late error as pretty-printed JSON this way. */
  strayLine(line: string): void {
    if (this.failed) return;
    if (this.stray === '' && !line.trimStart().startsWith('{')) return;
    this.stray += line + '\n';
    let obj: unknown;
    try {
      obj = JSON.parse(this.stray);
    } catch {
      if (this.stray.length > 64 * 1024) this.stray = '';
      return;
    }
    this.stray = '';
    if (isObject(obj)) this.chunk(obj);
  }

  end(): void {
    if (this.failed) return;
    this.flushUsage();
    if (!this.finished) this.opts.emit(endedEarlyError());
  }

  private chunk(c: Record<string, any>): void {
    if (c.error !== undefined && c.error !== null) {
      this.meta.recognizedFrames++;
      this.fail(c.error);
      return;
    }
    const candidates = Array.isArray(c.candidates) ? c.candidates : undefined;
    if (!candidates && !isObject(c.promptFeedback) && !isObject(c.usageMetadata)) return;
    this.meta.recognizedFrames++;
    if (typeof c.modelVersion === 'string' && c.modelVersion) this.meta.model = c.modelVersion;
    const candidate = candidates?.find((k: unknown) => isObject(k) && (k.index === undefined || k.index === 0));
    if (isObject(candidate)) this.parts(candidate.content);
    if (isObject(c.usageMetadata)) this.takeUsage(c.usageMetadata);
    if (this.finished) return;
    if (isObject(candidate) && typeof candidate.finishReason === 'string' && candidate.finishReason !== 'FINISH_REASON_UNSPECIFIED') {
      this.finish(geminiFinish(candidate.finishReason), candidate.finishReason);
    } else if (!candidates && isObject(c.promptFeedback) && typeof c.promptFeedback.blockReason === 'string') {
      // The prompt itself was blocked: one chunk, no candidates, never a silent empty answer.
      this.finish('content_filter', c.promptFeedback.blockReason);
    }
  }

  private parts(content: unknown): void {
    if (!isObject(content) || !Array.isArray(content.parts)) return;
    for (const p of content.parts) {
      if (!isObject(p)) continue;
      // A signature may ride on any part, even an empty one; it is never shown.
      if (typeof p.thoughtSignature === 'string' && p.thoughtSignature) this.meta.reasoningSignature = p.thoughtSignature;
      if (typeof p.text !== 'string' || p.text === '') continue;
      this.opts.emit({ type: p.thought === true ? 'reasoning' : 'content', text: p.text });
    }
  }

  /** Cumulative on every chunk, so only the last counts; shown once, before the finish. */
  private takeUsage(u: Record<string, any>): void {
    const candidates = num(u.candidatesTokenCount);
    const thoughts = num(u.thoughtsTokenCount);
    this.usage = {
      type: 'usage',
      inputTokens: num(u.promptTokenCount),
      // candidatesTokenCount excludes thinking; both are billed as output.
      outputTokens: candidates === undefined && thoughts === undefined ? undefined : (candidates ?? 0) + (thoughts ?? 0),
      reasoningTokens: thoughts,
    };
    this.usageShown = false;
  }

  private flushUsage(): void {
    if (this.usageShown || !this.usage) return;
    this.usageShown = true;
    this.opts.emit(this.usage);
  }

  private finish(reason: ReturnType<typeof geminiFinish>, raw: string): void {
    this.finished = true;
    this.flushUsage();
    this.opts.emit({ type: 'finish', reason, raw });
  }

  private fail(e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    const obj = isObject(e) ? e : { message: typeof e === 'string' ? e : undefined };
    const status = num(obj.code);
    const code = typeof obj.status === 'string' ? obj.status : undefined;
    const base = typeof obj.message === 'string' && obj.message ? obj.message : 'The provider reported an error without details.';
    this.opts.emit({
      type: 'error',
      message: code && !base.includes(code) ? `${base} (${code})` : base,
      status,
      kind: 'stream',
      retryable: isRetryableErrorType(code, status),
    });
  }
}

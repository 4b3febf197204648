import { ThinkTagSplitter } from './thinkTags';
import { ollamaFinish } from './finish';
import { endedEarlyError, isObject, isRetryableErrorType, newMeta, num, type AdapterOptions, type FrameAdapter, type StreamMeta } from './adapter';

/** Ollama's native NDJSON: one object per line, thinking in `message.thinking`. */
export class OllamaStreamAdapter implements FrameAdapter {
  readonly meta: StreamMeta;
  private readonly think: ThinkTagSplitter;
  private finished = false;
  private failed = false;

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

  frame(line: string): void {
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      this.meta.skippedFrames++;
      return;
    }
    if (isObject(obj)) this.whole(obj);
  }

  whole(obj: Record<string, any>): boolean {
    if (this.finished) return true;
    if (!isObject(obj.message) && obj.response === undefined && obj.done === undefined && obj.error === undefined) return false;
    this.meta.recognizedFrames++;
    if (typeof obj.model === 'string' && obj.model) this.meta.model = obj.model;
    if (obj.error !== undefined && obj.error !== null) {
      this.fail(obj.error);
      return true;
    }
    // /api/chat puts text in `message`; /api/generate at the top level.
    const m = isObject(obj.message) ? obj.message : obj;
    const thinking = m.thinking;
    if (typeof thinking === 'string' && thinking) {
      this.think.fieldReasoning();
      this.opts.emit({ type: 'reasoning', text: thinking });
    }
    const content = typeof m.content === 'string' ? m.content : typeof obj.response === 'string' ? obj.response : '';
    if (content) {
      this.think.push(content);
    }
    if (obj.done === true && !this.finished) {
      this.finished = true;
      this.think.end();
      const input = num(obj.prompt_eval_count);
      const output = num(obj.eval_count);
      if (input !== undefined || output !== undefined) this.opts.emit({ type: 'usage', inputTokens: input, outputTokens: output });
      const raw = typeof obj.done_reason === 'string' ? obj.done_reason : undefined;
      this.opts.emit({ type: 'finish', reason: ollamaFinish(raw), raw });
    }
    return true;
  }

  end(): void {
    this.think.end();
    this.meta.endedInsideThinking = this.think.endedInsideThinking;
    if (!this.finished && !this.failed) this.opts.emit(endedEarlyError());
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    const message = typeof error === 'string' ? error : isObject(error) && typeof error.message === 'string' ? error.message : JSON.stringify(error);
    // Ollama names no error type; its message is the only fact there is.
    this.opts.emit({ type: 'error', message, retryable: isRetryableErrorType(message) });
  }
}

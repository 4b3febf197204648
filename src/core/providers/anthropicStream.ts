import { anthropicFinish } from './finish';
import {
  endedEarlyError,
  errorFromEventData,
  isObject,
  newMeta,
  isRetryableErrorType,
  num,
  type AdapterOptions,
  type FrameAdapter,
  type StreamMeta,
} from './adapter';

const KNOWN_EVENTS = new Set(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop', 'ping', 'error']);

/**
 * Anthropic Messages events, and whole Message bodies through the same block code.
 * The `type` inside the data is authoritative (the SSE `event:` line repeats it);
 * unknown event and delta types are skipped.
 */
export class AnthropicStreamAdapter implements FrameAdapter {
  readonly meta: StreamMeta;
  private inputTokens?: number;
  private finished = false;
  private failed = false;
  private stopped = false;

  constructor(private readonly opts: AdapterOptions) {
    this.meta = newMeta(opts.model);
  }

  frame(data: string, event: string | undefined): void {
    // message_stop ends the message; anything after it belongs to nothing.
    if (this.stopped) return;
    if (event === 'error') {
      this.meta.recognizedFrames++;
      const e = errorFromEventData(data);
      this.error({ message: e.message, type: e.type });
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      this.meta.skippedFrames++;
      return;
    }
    if (!isObject(msg)) return;
    const type = msg.type ?? event;
    if (typeof type !== 'string' || !KNOWN_EVENTS.has(type)) return;
    this.meta.recognizedFrames++;
    const emit = this.opts.emit;
    switch (type) {
      case 'message_start': {
        const m = msg.message;
        if (isObject(m)) {
          if (typeof m.model === 'string') this.meta.model = m.model;
          if (isObject(m.usage)) this.inputTokens = num(m.usage.input_tokens);
          // The prompt's size is known now; the output count here is a placeholder.
          if (this.inputTokens !== undefined) emit({ type: 'usage', inputTokens: this.inputTokens });
        }
        break;
      }
      case 'content_block_start':
        if (isObject(msg.content_block)) this.block(msg.content_block);
        break;
      case 'content_block_delta': {
        const d = msg.delta;
        if (!isObject(d)) break;
        if (d.type === 'thinking_delta' && typeof d.thinking === 'string') {
          if (d.thinking) emit({ type: 'reasoning', text: d.thinking });
        } else if (d.type === 'text_delta' && typeof d.text === 'string') {
          if (d.text) emit({ type: 'content', text: d.text });
        } else if (d.type === 'signature_delta' && typeof d.signature === 'string') {
          this.meta.reasoningSignature = (this.meta.reasoningSignature ?? '') + d.signature;
        }
        break;
      }
      case 'message_delta':
        if (isObject(msg.usage)) this.usage(msg.usage);
        if (isObject(msg.delta)) this.stop(msg.delta.stop_reason);
        break;
      case 'message_stop':
        this.stopped = true;
        break;
      case 'error':
        this.error(isObject(msg.error) ? msg.error : msg);
        break;
      default:
        break; // ping and future event types
    }
  }

  whole(body: Record<string, any>): boolean {
    if (!Array.isArray(body.content)) return false;
    this.meta.recognizedFrames++;
    if (typeof body.model === 'string') this.meta.model = body.model;
    for (const block of body.content) if (isObject(block)) this.block(block);
    if (isObject(body.usage)) this.usage(body.usage);
    this.stop(body.stop_reason);
    this.stopped = true;
    return true;
  }

  /** A whole content block: streamed ones arrive empty and grow by deltas. */
  private block(b: Record<string, any>): void {
    const emit = this.opts.emit;
    if (b.type === 'thinking') {
      if (typeof b.thinking === 'string' && b.thinking) emit({ type: 'reasoning', text: b.thinking });
      if (typeof b.signature === 'string' && b.signature) this.meta.reasoningSignature = b.signature;
    } else if (b.type === 'redacted_thinking') emit({ type: 'redacted' });
    else if (b.type === 'text' && typeof b.text === 'string' && b.text) emit({ type: 'content', text: b.text });
  }

  private usage(u: Record<string, any>): void {
    // Cumulative counts: replace, never add to message_start's.
    this.opts.emit({ type: 'usage', inputTokens: num(u.input_tokens) ?? this.inputTokens, outputTokens: num(u.output_tokens) });
  }

  private stop(reason: unknown): void {
    if (typeof reason !== 'string' || this.finished) return;
    this.finished = true;
    this.opts.emit({ type: 'finish', reason: anthropicFinish(reason), raw: reason });
  }

  end(): void {
    if (this.finished || this.failed) return;
    if (this.stopped) this.opts.emit({ type: 'finish', reason: 'other', raw: 'message_stop without stop_reason' });
    else this.opts.emit(endedEarlyError());
  }

  private error(e: Record<string, any>): void {
    if (this.failed) return;
    this.failed = true;
    const type = typeof e.type === 'string' ? e.type : undefined;
    const message = typeof e.message === 'string' && e.message ? e.message : (type ?? 'Unknown error');
    this.opts.emit({
      type: 'error',
      message: type && type !== 'error' && !message.includes(type) ? `${message} (${type})` : message,
      retryable: isRetryableErrorType(type),
    });
  }
}

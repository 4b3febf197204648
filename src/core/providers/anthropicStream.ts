import { anthropicFinish } from './finish';
import {
  endedEarlyError,
  isObject,
  isRetryableErrorType,
  num,
  type AdapterOptions,
  type FrameAdapter,
  type StreamMeta,
} from './adapter';

/** What a redacted thinking block shows: the reasoning exists but is encrypted. */
export const REDACTED_THINKING_TEXT = '[redacted thinking]\n\n';

/**
 * Anthropic Messages events. The `type` inside the data is authoritative (the SSE
 * `event:` line repeats it); unknown event and delta types are skipped.
 */
export class AnthropicStreamAdapter implements FrameAdapter {
  readonly meta: StreamMeta = { skippedFrames: 0 };
  private inputTokens?: number;
  private finished = false;
  private failed = false;
  private stopped = false;

  constructor(private readonly opts: AdapterOptions) {
    this.meta.model = opts.model;
  }

  frame(data: string, event: string | undefined): void {
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      if (event === 'error') this.error({ message: data });
      else this.meta.skippedFrames++;
      return;
    }
    if (!isObject(msg)) return;
    const emit = this.opts.emit;
    switch (msg.type ?? event) {
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
      case 'content_block_start': {
        const b = msg.content_block;
        if (!isObject(b)) break;
        if (b.type === 'thinking' && typeof b.thinking === 'string' && b.thinking) emit({ type: 'reasoning', text: b.thinking });
        else if (b.type === 'redacted_thinking') emit({ type: 'reasoning', text: REDACTED_THINKING_TEXT });
        else if (b.type === 'text' && typeof b.text === 'string' && b.text) emit({ type: 'content', text: b.text });
        break;
      }
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
      case 'message_delta': {
        const u = msg.usage;
        if (isObject(u)) {
          // Cumulative counts: replace, never add to message_start's.
          emit({
            type: 'usage',
            inputTokens: num(u.input_tokens) ?? this.inputTokens,
            outputTokens: num(u.output_tokens),
          });
        }
        const d = msg.delta;
        if (isObject(d) && typeof d.stop_reason === 'string' && !this.finished) {
          this.finished = true;
          emit({ type: 'finish', reason: anthropicFinish(d.stop_reason), raw: d.stop_reason });
        }
        break;
      }
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

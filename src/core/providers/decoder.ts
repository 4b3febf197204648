import { SseDecoder } from '../wire/sse';
import { NdjsonDecoder } from '../wire/ndjson';
import { DEFAULT_MAX_EVENT_BYTES, type InlineThinkMode, type ProviderKind, type StreamEvent } from '../types';
import type { FrameAdapter, StreamMeta } from './adapter';
import { OpenAiStreamAdapter } from './openaiStream';
import { AnthropicStreamAdapter } from './anthropicStream';
import { OllamaStreamAdapter } from './ollamaStream';
import { MAX_WHOLE_BODY_CHARS, wholeBodyEvents } from './wholeBody';
import { BODY_SAMPLE_CHARS, notAStreamError } from './notAStream';

export interface DecoderOptions {
  kind: ProviderKind;
  emit: (event: StreamEvent) => void;
  model?: string;
  inlineThink?: InlineThinkMode;
  maxEventBytes?: number;
  /** The response's Content-Type, quoted when the body turns out not to be a stream. */
  contentType?: string;
}

/**
 * Raw response bytes in, normalized events out. The same object serves live
 * requests, `--replay`, tests and benchmarks, so they cannot disagree.
 */
export class StreamDecoder {
  private readonly utf8 = new TextDecoder('utf-8');
  private readonly wire: SseDecoder | NdjsonDecoder;
  private readonly adapter: FrameAdapter;
  private wireFailed = false;
  /** SSE protocols only: until the first visible character, we do not know it is a stream. */
  private mode: 'sniff' | 'wire' | 'whole';
  private held: string[] = [];
  private heldChars = 0;
  private readonly kind: ProviderKind;
  private readonly emit: (event: StreamEvent) => void;
  /** Known once the response headers are in; see DecoderOptions.contentType. */
  contentType?: string;
  /** Frames and comments seen: any one proves the body is the protocol we expect. */
  private signs = 0;
  private sample = '';

  constructor(opts: DecoderOptions) {
    this.kind = opts.kind;
    this.emit = opts.emit;
    this.contentType = opts.contentType;
    this.mode = opts.kind === 'ollama' ? 'wire' : 'sniff';
    const adapterOptions = { emit: opts.emit, model: opts.model, inlineThink: opts.inlineThink ?? 'auto' };
    this.adapter =
      opts.kind === 'anthropic'
        ? new AnthropicStreamAdapter(adapterOptions)
        : opts.kind === 'ollama'
          ? new OllamaStreamAdapter(adapterOptions)
          : new OpenAiStreamAdapter(adapterOptions);
    const onFrame = (data: string, event: string | undefined) => {
      this.signs++;
      this.adapter.frame(data, event);
    };
    const onWireError = (message: string) => {
      this.wireFailed = true;
      opts.emit({ type: 'error', message, kind: 'parse', retryable: false });
    };
    const max = opts.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.wire = opts.kind === 'ollama' ? new NdjsonDecoder(onFrame, onWireError, max) : new SseDecoder(onFrame, onWireError, max, () => this.signs++);
  }

  get meta(): StreamMeta {
    return this.adapter.meta;
  }

  /** True once the wire refused the stream (runaway event); feeding more is pointless. */
  get failed(): boolean {
    return this.wireFailed;
  }

  push(bytes: Uint8Array): void {
    // stream: true keeps a multi-byte character split across reads intact; the
    // decoder also drops a leading UTF-8 BOM.
    const text = this.utf8.decode(bytes, { stream: true });
    if (text) this.pushText(text);
  }

  /** Text that is already decoded (benchmarks, tests). */
  pushText(text: string): void {
    if (this.sample.length < BODY_SAMPLE_CHARS) this.sample += text.slice(0, BODY_SAMPLE_CHARS - this.sample.length);
    if (this.mode === 'wire') this.wire.push(text);
    else this.hold(text);
  }

  end(): void {
    const rest = this.utf8.decode();
    if (rest) this.pushText(rest);
    if (this.mode === 'whole') {
      if (!this.wireFailed) for (const e of wholeBodyEvents(this.kind, this.held.join(''))) this.emit(e);
      this.held = [];
      return;
    }
    this.wire.end();
    if (this.wireFailed) return;
    if (this.signs === 0) this.emit(notAStreamError(this.sample, this.contentType));
    else this.adapter.end();
  }

  /**
   * An event stream starts with a field or a comment; a body starting with `{` or
   * `<` is a whole JSON answer or an HTML page, decoded at the end instead.
   */
  private hold(text: string): void {
    if (this.mode === 'sniff') {
      const first = /[^\s\uFEFF]/.exec(text);
      if (!first) {
        this.held.push(text);
        return;
      }
      const c = first[0];
      if (c !== '{' && c !== '[' && c !== '<') {
        this.mode = 'wire';
        const before = this.held.join('');
        this.held = [];
        this.wire.push(before + text);
        return;
      }
      this.mode = 'whole';
    }
    if (this.wireFailed) return;
    this.held.push(text);
    this.heldChars += text.length;
    if (this.heldChars > MAX_WHOLE_BODY_CHARS) {
      this.wireFailed = true;
      this.held = [];
      this.emit({ type: 'error', message: 'The server sent a large body that is not an event stream; reading stopped.', kind: 'parse', retryable: false });
    }
  }
}

/** Decodes a complete recording in one go (replay, tests). */
export function decodeAll(bytes: Uint8Array, opts: Omit<DecoderOptions, 'emit'>): { events: StreamEvent[]; meta: StreamMeta } {
  const events: StreamEvent[] = [];
  const d = new StreamDecoder({ ...opts, emit: (e) => events.push(e) });
  d.push(bytes);
  d.end();
  return { events, meta: d.meta };
}

import { SseDecoder } from '../wire/sse';
import { NdjsonDecoder } from '../wire/ndjson';
import { DEFAULT_MAX_EVENT_BYTES, type InlineThinkMode, type ProviderKind, type StreamEvent } from '../types';
import { noEventsError, type FrameAdapter, type StreamMeta } from './adapter';
import { createAdapter } from './adapters';
import { MAX_WHOLE_BODY_CHARS, decodeWholeBody } from './wholeBody';
import { BODY_SAMPLE_CHARS, notAStreamError } from './notAStream';

/** Text kept from the start of a stream until its first event, to say what came instead. */
const PREVIEW_CHARS = 4096;


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
  private readonly emit: (event: StreamEvent) => void;
  /** Known once the response headers are in; see DecoderOptions.contentType. */
  contentType?: string;
  /** Frames and comments seen: any one proves the body is the protocol we expect. */
  private signs = 0;
  private sample = '';
  private preview = '';
  private previewTruncated = false;

  constructor(opts: DecoderOptions) {
    this.emit = opts.emit;
    this.contentType = opts.contentType;
    this.mode = opts.kind === 'ollama' ? 'wire' : 'sniff';
    this.adapter = createAdapter(opts.kind, { emit: opts.emit, model: opts.model, inlineThink: opts.inlineThink ?? 'auto' });
    const onFrame = (data: string, event: string | undefined) => {
      this.signs++;
      this.adapter.frame(data, event);
    };
    const onStrayLine = (line: string) => this.adapter.strayLine?.(line);
    const onWireError = (message: string) => {
      this.wireFailed = true;
      opts.emit({ type: 'error', message, kind: 'parse', retryable: false });
    };
    const max = opts.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.wire =
      opts.kind === 'ollama' ? new NdjsonDecoder(onFrame, onWireError, max) : new SseDecoder(onFrame, onWireError, max, () => this.signs++, onStrayLine);
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
    if (this.mode === 'wire') this.toWire(text);
    else this.hold(text);
  }

  private toWire(text: string): void {
    if (this.adapter.meta.recognizedFrames === 0 && !this.previewTruncated) {
      this.preview += text;
      if (this.preview.length > PREVIEW_CHARS) {
        this.preview = this.preview.slice(0, PREVIEW_CHARS);
        this.previewTruncated = true;
      }
    }
    this.wire.push(text);
  }

  end(): void {
    const rest = this.utf8.decode();
    if (rest) this.pushText(rest);
    if (this.mode === 'whole') {
      if (!this.wireFailed) decodeWholeBody(this.held.join(''), this.adapter, this.emit);
      this.held = [];
      return;
    }
    this.wire.end();
    if (this.wireFailed) return;
    // A server that calls its body plain text (or sent none) is quoted; one that
    // claims a stream but sent no line an event of this protocol came of is counted.
    // Keep-alive comments alone are a live stream that was cut short.
    // (A body that stops mid-line was cut off, which the adapter reports as such.)
    const plainText = this.contentType !== undefined && !/event-stream|ndjson/i.test(this.contentType);
    const cutMidLine = !this.previewTruncated && !/[\r\n]\s*$/.test(this.preview);
    if (this.signs === 0 && (plainText || this.sample.trim() === '')) this.emit(notAStreamError(this.sample, this.contentType));
    else if (this.adapter.meta.recognizedFrames === 0 && hasDataLines(this.preview) && !cutMidLine) {
      this.emit(noEventsError(this.preview, this.previewTruncated));
    } else this.adapter.end();
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
        this.toWire(before + text);
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

function hasDataLines(text: string): boolean {
  return text.split(/\r\n|\r|\n/).some((line) => line.trim() !== '' && !line.startsWith(':'));
}

/** Decodes a complete recording in one go (replay, tests). */
export function decodeAll(bytes: Uint8Array, opts: Omit<DecoderOptions, 'emit'>): { events: StreamEvent[]; meta: StreamMeta } {
  const events: StreamEvent[] = [];
  const d = new StreamDecoder({ ...opts, emit: (e) => events.push(e) });
  d.push(bytes);
  d.end();
  return { events, meta: d.meta };
}

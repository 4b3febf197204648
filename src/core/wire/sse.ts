import { createParser, type EventSourceParser, type ParseError } from 'eventsource-parser';

/** One dispatched unit of a stream, whatever the wire: an SSE event or an NDJSON line. */
export type FrameHandler = (data: string, event: string | undefined) => void;
export type WireErrorHandler = (message: string) => void;
/** A line that is no SSE field at all (Gemini prints a late error as bare JSON lines). */
export type StrayLineHandler = (line: string) => void;

/**
 * Server-Sent Events on top of eventsource-parser, which already handles CRLF/CR,
 * comments, `data:` with or without a space and multi-line data. This wrapper adds
 * what the parser leaves to its caller: flushing an unterminated last event at EOF,
 * a size guard with a readable message, and old llama.cpp's bare `error:` field.
 */
export class SseDecoder {
  private readonly parser: EventSourceParser;
  private failed = false;

  constructor(
    onFrame: FrameHandler,
    private readonly onError: WireErrorHandler,
    maxEventChars: number,
    onComment?: () => void,
    private readonly onStrayLine?: StrayLineHandler,
  ) {
    this.parser = createParser({
      onEvent: (e) => onFrame(e.data, e.event),
      onComment,
      onError: (err: ParseError) => this.parseError(err, onFrame),
      maxBufferSize: maxEventChars,
    });
    this.maxEventChars = maxEventChars;
  }

  private readonly maxEventChars: number;

  push(text: string): void {
    if (!this.failed) this.parser.feed(text);
  }

  /** eventsource-parser only dispatches on a blank line; a server that ends without one still meant its last event. */
  end(): void {
    if (!this.failed) this.parser.feed('\n\n');
  }

  private parseError(err: ParseError, onFrame: FrameHandler): void {
    if (err.type === 'unknown-field' && err.field === 'error' && err.value !== undefined) {
      // llama.cpp once sent `error: {...}` as a field of its own; surface it as an error frame.
      onFrame(err.value, 'error');
      return;
    }
    if (err.type === 'unknown-field' && err.line !== undefined) {
      this.onStrayLine?.(err.line);
      return;
    }
    if (err.type === 'max-buffer-size-exceeded') {
      this.failed = true;
      this.onError(
        `A single server event exceeded ${formatSize(this.maxEventChars)}; reading stopped to protect memory.`,
      );
    }
    // Unknown fields and bad `retry` values carry nothing for us: the spec says ignore them.
  }
}

export function formatSize(chars: number): string {
  if (chars >= 1024 * 1024) return `${Math.round((chars / 1024 / 1024) * 10) / 10} MiB`;
  if (chars >= 1024) return `${Math.round(chars / 1024)} KiB`;
  return `${chars} characters`;
}

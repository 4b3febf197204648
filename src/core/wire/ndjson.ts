import { formatSize, type FrameHandler, type WireErrorHandler } from './sse';

/**
 * Newline-delimited JSON (Ollama's native API). Fragments of an unfinished line are
 * kept in a list and joined once, so a line arriving in many reads costs linear time.
 */
export class NdjsonDecoder {
  private fragments: string[] = [];
  private pendingChars = 0;
  private failed = false;

  constructor(
    private readonly onFrame: FrameHandler,
    private readonly onError: WireErrorHandler,
    private readonly maxLineChars: number,
  ) {}

  push(text: string): void {
    if (this.failed) return;
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl === -1) {
      this.hold(text);
      return;
    }
    while (nl !== -1) {
      let line = text.slice(start, nl);
      if (this.fragments.length > 0) {
        this.fragments.push(line);
        line = this.fragments.join('');
        this.fragments = [];
        this.pendingChars = 0;
      }
      this.emit(line);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) this.hold(text.slice(start));
  }

  end(): void {
    if (this.failed || this.fragments.length === 0) return;
    const line = this.fragments.join('');
    this.fragments = [];
    this.pendingChars = 0;
    this.emit(line);
  }

  private hold(fragment: string): void {
    this.fragments.push(fragment);
    this.pendingChars += fragment.length;
    if (this.pendingChars > this.maxLineChars) {
      this.failed = true;
      this.fragments = [];
      this.onError(`A single line from the server exceeded ${formatSize(this.maxLineChars)}; reading stopped to protect memory.`);
    }
  }

  private emit(line: string): void {
    // Tolerate CRLF and blank keep-alive lines.
    const end = line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length;
    if (end === 0) return;
    this.onFrame(end === line.length ? line : line.slice(0, end), undefined);
  }
}

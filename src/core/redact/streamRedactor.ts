// Streamed text is redacted as it flows: only a tail that could still grow into a
// key is held back, and released as soon as the next text shows it cannot, so a
// normal answer reaches the screen with no added delay.

import type { StreamEvent } from '../types';
import type { SecretRedactor } from './secretRedactor';

export class StreamRedactor {
  private held = '';

  constructor(private readonly redactor: SecretRedactor) {}

  /** The part of the text so far that can be shown now. */
  push(text: string): string {
    const buffered = this.held + text;
    // Only the end of the stream is a real end; the start of the held tail may continue a key.
    const clean = this.redactor.redact(buffered, { start: false, end: false });
    const hold = this.redactor.holdFrom(clean);
    this.held = clean.slice(hold);
    return clean.slice(0, hold);
  }

  /** The stream ended: what was held back, with a start of a key at the very end counted as the key. */
  end(): string {
    const rest = this.redactor.redact(this.held, { start: false, end: true });
    this.held = '';
    return rest;
  }
}

type TextEvent = Extract<StreamEvent, { type: 'reasoning' | 'content' }>;

/**
 * Reasoning and answer each have their own redactor; when the stream turns from one
 * to the other, or ends, the tail held back in the other is released first, so
 * text keeps its order.
 */
export class StreamEventRedactor {
  private readonly streams: Record<TextEvent['type'], StreamRedactor>;
  private open: TextEvent['type'] | undefined;
  /** With no secret to look for (a local server), text passes untouched and undelayed. */
  private readonly passThrough: boolean;

  constructor(redactor: SecretRedactor) {
    this.passThrough = redactor.empty;
    this.streams = { reasoning: new StreamRedactor(redactor), content: new StreamRedactor(redactor) };
  }

  /** Events to pass on in place of `e`: text is redacted, and an ending event first releases the held tail. */
  pass(e: StreamEvent): StreamEvent[] {
    if (this.passThrough) return [e];
    if (e.type === 'reasoning' || e.type === 'content') {
      const out = this.open !== undefined && this.open !== e.type ? this.flush() : [];
      this.open = e.type;
      const text = this.streams[e.type].push(e.text);
      if (text) out.push({ type: e.type, text });
      return out;
    }
    if (e.type === 'finish' || e.type === 'error') return [...this.flush(), e];
    return [e];
  }

  /** Releases whatever is held back, as the stream's final text. */
  flush(): StreamEvent[] {
    const kind = this.open;
    this.open = undefined;
    if (kind === undefined) return [];
    const text = this.streams[kind].end();
    return text ? [{ type: kind, text }] : [];
  }
}

import type { InlineThinkMode } from '../types';

const TAG_NAMES = ['think', 'thinking', 'reason', 'reasoning', 'thought'];
const OPENERS = TAG_NAMES.map((n) => `<${n}>`);
const CLOSERS = TAG_NAMES.map((n) => `</${n}>`);
const LONGEST_TAG = Math.max(...CLOSERS.map((t) => t.length));

/**
 * Models whose chat template opens the thinking block inside the prompt, so the
 * stream carries only the closing tag (original DeepSeek-R1 and its distills, QwQ).
 */
const OPENS_IN_TEMPLATE = /(^|[^a-z0-9])r1([^a-z0-9]|$)|qwq/i;

type State = 'start' | 'reasoning' | 'afterClose' | 'content';

/**
 * Splits `<think>…</think>`-family tags out of streamed content. Works on deltas of
 * any size: a trailing fragment that could still become a tag is held back until the
 * next delta decides it, so a tag split across chunks is never leaked as text.
 */
export class ThinkTagSplitter {
  private state: State;
  private held = '';
  private sawOpener = false;
  private sawCloser = false;
  private reasoningStarted = false;
  private mode: InlineThinkMode;

  constructor(
    mode: InlineThinkMode,
    private readonly onReasoning: (text: string) => void,
    private readonly onContent: (text: string) => void,
  ) {
    this.mode = mode;
    this.state = mode === 'off' ? 'content' : 'start';
  }

  /**
   * Settles 'auto' before the first content: a template that opens thinking itself
   * leaves only an orphan closer, unless the server already parsed reasoning out.
   */
  resolveAuto(model: string | undefined, fieldReasoningSeen: boolean): void {
    if (this.mode !== 'auto' || this.state !== 'start') return;
    if (fieldReasoningSeen) this.mode = 'off';
    else if (model && OPENS_IN_TEMPLATE.test(model)) this.mode = 'open';
  }

  /** True when the stream ended inside a thinking block that never closed. */
  get endedInsideThinking(): boolean {
    return this.state === 'reasoning';
  }

  get sawTags(): boolean {
    return this.sawOpener || this.sawCloser;
  }

  push(text: string): void {
    if (this.mode === 'off' && this.state === 'content') {
      if (text) this.onContent(text);
      return;
    }
    let s = this.held ? this.held + text : text;
    this.held = '';
    while (s.length > 0) {
      switch (this.state) {
        case 'start':
          s = this.atStart(s);
          break;
        case 'reasoning':
          s = this.inReasoning(s);
          break;
        case 'afterClose':
          s = this.afterClose(s);
          break;
        case 'content':
          s = this.inContent(s);
          break;
      }
    }
  }

  end(): void {
    const rest = this.held;
    this.held = '';
    if (!rest) return;
    if (this.state === 'reasoning') {
      const text = this.reasoningStarted ? rest.trimEnd() : rest.trim();
      if (text) this.emitReasoning(text);
    } else if (this.state !== 'afterClose') this.onContent(rest);
  }

  private atStart(s: string): string {
    const trimmed = s.trimStart();
    if (trimmed === '') {
      this.held = s;
      return '';
    }
    const opener = OPENERS.find((o) => startsWithIgnoreCase(trimmed, o));
    if (opener) {
      this.sawOpener = true;
      this.state = 'reasoning';
      return trimmed.slice(opener.length).trimStart() || this.holdEmpty();
    }
    if (OPENERS.some((o) => isPrefixIgnoreCase(trimmed, o))) {
      this.held = s;
      return '';
    }
    if (this.mode === 'open') {
      this.state = 'reasoning';
      return trimmed;
    }
    this.state = 'content';
    return s;
  }

  private holdEmpty(): string {
    return '';
  }

  private inReasoning(s: string): string {
    if (!this.reasoningStarted) {
      s = s.trimStart();
      if (!s) return '';
    }
    const close = findTag(s, CLOSERS);
    if (close) {
      const before = s.slice(0, close.index).trimEnd();
      if (before) this.emitReasoning(before);
      this.sawCloser = true;
      this.state = 'afterClose';
      return s.slice(close.index + close.tag.length);
    }
    // Hold back a fragment that may be the start of a closer, and trailing white
    // space, which belongs to the reasoning only if more reasoning follows.
    const keep = Math.max(partialTagSuffix(s, CLOSERS), s.length - s.trimEnd().length);
    const emit = s.slice(0, s.length - keep);
    if (emit) this.emitReasoning(emit);
    this.held = s.slice(s.length - keep);
    return '';
  }

  private emitReasoning(text: string): void {
    this.reasoningStarted = true;
    this.onReasoning(text);
  }

  /**
   * Content that never opened a thinking block may still close one: the template
   * opened it unseen. What came before is already shown as answer; drop the stray
   * tag so the rest reads cleanly.
   */
  private inContent(s: string): string {
    if (this.mode === 'off' || this.sawOpener || this.sawCloser) {
      this.onContent(s);
      return '';
    }
    const close = findTag(s, CLOSERS);
    if (close) {
      const before = s.slice(0, close.index);
      if (before) this.onContent(before);
      this.sawCloser = true;
      this.state = 'afterClose';
      return s.slice(close.index + close.tag.length);
    }
    const keep = partialTagSuffix(s, CLOSERS);
    const emit = s.slice(0, s.length - keep);
    if (emit) this.onContent(emit);
    this.held = s.slice(s.length - keep);
    return '';
  }

  private afterClose(s: string): string {
    // The blank lines between `</think>` and the answer are layout, not answer.
    const trimmed = s.trimStart();
    if (trimmed === '') return '';
    this.state = 'content';
    return trimmed;
  }
}

function startsWithIgnoreCase(s: string, prefix: string): boolean {
  return s.length >= prefix.length && s.slice(0, prefix.length).toLowerCase() === prefix;
}

function isPrefixIgnoreCase(s: string, tag: string): boolean {
  return s.length < tag.length && tag.startsWith(s.toLowerCase());
}

function findTag(s: string, tags: string[]): { index: number; tag: string } | undefined {
  let from = s.indexOf('<');
  while (from !== -1) {
    const window = s.slice(from, from + LONGEST_TAG).toLowerCase();
    const tag = tags.find((t) => window.startsWith(t));
    if (tag) return { index: from, tag };
    from = s.indexOf('<', from + 1);
  }
  return undefined;
}

/** Length of the longest suffix of `s` that is a proper prefix of one of `tags`. */
function partialTagSuffix(s: string, tags: string[]): number {
  const lt = s.lastIndexOf('<');
  if (lt === -1 || s.length - lt >= LONGEST_TAG) return 0;
  const tail = s.slice(lt).toLowerCase();
  return tags.some((t) => t.startsWith(tail)) ? tail.length : 0;
}

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

type State = 'start' | 'reasoning' | 'content';

/**
 * Splits `<think>…</think>`-family tags out of streamed content. Works on deltas of
 * any size: a trailing fragment that could still become a tag is held back until the
 * next delta decides it, so a tag split across chunks is never leaked as text.
 * Only the tags are removed; the text between them is kept exactly.
 */
export class ThinkTagSplitter {
  private state: State;
  private held = '';
  private sawOpener = false;
  private sawCloser = false;
  private mode: InlineThinkMode;
  private autoResolved = false;
  private fieldReasoningSeen = false;

  constructor(
    mode: InlineThinkMode,
    private readonly onReasoning: (text: string) => void,
    private readonly onContent: (text: string) => void,
    /** The model answering, asked only when the first content arrives. */
    private readonly model: () => string | undefined = () => undefined,
  ) {
    this.mode = mode;
    this.state = mode === 'off' ? 'content' : 'start';
  }

  /**
   * Settles 'auto' before the first content: a template that opens thinking itself
   * leaves only an orphan closer, unless the server already parsed reasoning out.
   */
  resolveAuto(model: string | undefined, fieldReasoningSeen: boolean): void {
    this.autoResolved = true;
    if (this.mode !== 'auto' || this.state !== 'start') return;
    if (fieldReasoningSeen) this.mode = 'off';
    else if (model && OPENS_IN_TEMPLATE.test(model)) this.mode = 'open';
  }

  /** True when the stream ended inside a thinking block that never closed. */
  get endedInsideThinking(): boolean {
    return this.state === 'reasoning';
  }

  /** The server delivered reasoning in a field of its own, so content carries none inline. */
  fieldReasoning(): void {
    this.fieldReasoningSeen = true;
  }

  push(text: string): void {
    if (!this.autoResolved) this.resolveAuto(this.model(), this.fieldReasoningSeen);
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
    if (this.state === 'reasoning') this.onReasoning(rest);
    else this.onContent(rest);
  }

  private atStart(s: string): string {
    const trimmed = s.trimStart();
    if (trimmed === '') {
      this.held = s;
      return '';
    }
    const opener = OPENERS.find((o) => startsWithIgnoreCase(trimmed, o));
    if (opener) {
      // White space before the opening tag is layout, not answer: dropping it
      // keeps the answer from starting before the reasoning does.
      this.sawOpener = true;
      this.state = 'reasoning';
      return trimmed.slice(opener.length);
    }
    if (OPENERS.some((o) => isPrefixIgnoreCase(trimmed, o))) {
      this.held = s;
      return '';
    }
    this.state = this.mode === 'open' ? 'reasoning' : 'content';
    return s;
  }

  private inReasoning(s: string): string {
    const close = findTag(s, CLOSERS);
    if (close) {
      if (close.index > 0) this.onReasoning(s.slice(0, close.index));
      this.sawCloser = true;
      this.state = 'content';
      return s.slice(close.index + close.tag.length);
    }
    return this.emitHoldingPartialTag(s, this.onReasoning);
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
      if (close.index > 0) this.onContent(s.slice(0, close.index));
      this.sawCloser = true;
      return s.slice(close.index + close.tag.length);
    }
    return this.emitHoldingPartialTag(s, this.onContent);
  }

  /** Emits all but a trailing fragment that may still become a closing tag. */
  private emitHoldingPartialTag(s: string, emit: (text: string) => void): string {
    const keep = partialTagSuffix(s, CLOSERS);
    if (keep < s.length) emit(s.slice(0, s.length - keep));
    this.held = keep > 0 ? s.slice(s.length - keep) : '';
    return '';
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

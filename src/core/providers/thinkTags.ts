import type { InlineThinkMode } from '../types';
import { CodeFenceTracker } from './codeFence';

// ByteDance Seed-OSS writes <seed:think>; the rest are the names seen across servers.
const TAG_NAMES = ['think', 'thinking', 'reason', 'reasoning', 'thought', 'seed:think'];
const OPENERS = TAG_NAMES.map((n) => `<${n}>`);
const CLOSERS = TAG_NAMES.map((n) => `</${n}>`);
const LONGEST_TAG = Math.max(...CLOSERS.map((t) => t.length));

/**
 * Models whose chat template opens the thinking block inside the prompt, so the
 * stream carries only the closing tag: the original DeepSeek-R1 and its distills,
 * QwQ, Qwen3 `*-Thinking-2507` (and Qwen3-VL thinking), Qwen3.5, MiniMax-M2.
 */
const OPENS_IN_TEMPLATE = [
  /(^|[^a-z0-9])r1([^a-z0-9]|$)/i,
  /qwq/i,
  /qwen3[^/]*thinking/i,
  /qwen3\.5/i,
  /minimax-m2/i,
];

export function templateOpensThinking(model: string | undefined): boolean {
  return model !== undefined && OPENS_IN_TEMPLATE.some((re) => re.test(model));
}

type State = 'start' | 'reasoning' | 'content';

/**
 * Splits `<think>…</think>`-family blocks out of streamed content, any number of
 * them, before, between or after answer text. Works on deltas of any size: a
 * trailing fragment that could still become a tag is held back until the next delta
 * decides it, so a tag split across chunks is never leaked as text. Only the tags
 * are removed; the text between them is kept exactly, and a second block's text
 * starts on a line of its own. A tag inside code in the answer (a fence or an
 * inline span) is answer text.
 */
export class ThinkTagSplitter {
  private state: State;
  private held = '';
  private sawOpener = false;
  private sawCloser = false;
  private mode: InlineThinkMode;
  private autoResolved = false;
  private fieldReasoningSeen = false;
  private readonly fence = new CodeFenceTracker();
  /** A later block has opened; its text is set apart from the earlier block's. */
  private blockBoundary = false;
  private lastReasoningChar = '';
  private readonly onReasoning: (text: string) => void;

  constructor(
    mode: InlineThinkMode,
    onReasoning: (text: string) => void,
    private readonly onContent: (text: string) => void,
    /** The model answering, asked only when the first content arrives. */
    private readonly model: () => string | undefined = () => undefined,
  ) {
    this.mode = mode;
    this.state = mode === 'off' ? 'content' : 'start';
    this.onReasoning = (text) => {
      // Two blocks are two thoughts: a line break keeps them from running together,
      // as peers' splitters join them, unless the model already put one there.
      if (this.blockBoundary) {
        this.blockBoundary = false;
        if (this.lastReasoningChar !== '\n' && !text.startsWith('\n')) text = '\n' + text;
      }
      this.lastReasoningChar = text[text.length - 1];
      onReasoning(text);
    };
  }

  /**
   * Settles 'auto' before the first content: a template that opens thinking itself
   * leaves only an orphan closer, unless the server already parsed reasoning out.
   */
  resolveAuto(model: string | undefined, fieldReasoningSeen: boolean): void {
    this.autoResolved = true;
    if (this.mode !== 'auto' || this.state !== 'start') return;
    if (fieldReasoningSeen) this.mode = 'off';
    else if (templateOpensThinking(model)) this.mode = 'open';
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
    const close = findTag(s, 0, CLOSERS);
    if (close) {
      if (close.index > 0) this.onReasoning(s.slice(0, close.index));
      this.sawCloser = true;
      this.state = 'content';
      return s.slice(close.index + close.tag.length);
    }
    const keep = partialTagSuffix(s, CLOSERS);
    if (keep < s.length) this.onReasoning(s.slice(0, s.length - keep));
    this.held = keep > 0 ? s.slice(s.length - keep) : '';
    return '';
  }

  /**
   * Answer text: an opener outside code starts another thinking block. Content that
   * never opened one may still close one: the template opened it unseen. What came
   * before is already shown as answer; the stray tag is dropped so the rest reads cleanly.
   */
  private inContent(s: string): string {
    let from = 0;
    let pos = 0;
    for (;;) {
      const lt = s.indexOf('<', pos);
      this.fence.feed(s, pos, lt === -1 ? s.length : lt);
      if (lt === -1) break;
      if (!this.fence.inCode) {
        const opener = tagAt(s, lt, OPENERS);
        if (opener) {
          if (lt > from) this.onContent(s.slice(from, lt));
          this.sawOpener = true;
          this.blockBoundary = this.lastReasoningChar !== '';
          this.state = 'reasoning';
          return s.slice(lt + opener.length);
        }
        const closer = this.sawOpener || this.sawCloser ? undefined : tagAt(s, lt, CLOSERS);
        if (closer) {
          if (lt > from) this.onContent(s.slice(from, lt));
          this.sawCloser = true;
          from = pos = lt + closer.length;
          continue;
        }
        if (s.length - lt < LONGEST_TAG && isTagPrefix(s.slice(lt))) {
          if (lt > from) this.onContent(s.slice(from, lt));
          this.held = s.slice(lt);
          return '';
        }
      }
      this.fence.feed(s, lt, lt + 1);
      pos = lt + 1;
    }
    if (from < s.length) this.onContent(from === 0 ? s : s.slice(from));
    return '';
  }
}

function startsWithIgnoreCase(s: string, prefix: string): boolean {
  return s.length >= prefix.length && s.slice(0, prefix.length).toLowerCase() === prefix;
}

function isPrefixIgnoreCase(s: string, tag: string): boolean {
  return s.length < tag.length && tag.startsWith(s.toLowerCase());
}

function tagAt(s: string, at: number, tags: string[]): string | undefined {
  const window = s.slice(at, at + LONGEST_TAG).toLowerCase();
  return tags.find((t) => window.startsWith(t));
}

/** A fragment that an opener or a closer could still complete. */
function isTagPrefix(fragment: string): boolean {
  const f = fragment.toLowerCase();
  return OPENERS.some((t) => t.length > f.length && t.startsWith(f)) || CLOSERS.some((t) => t.length > f.length && t.startsWith(f));
}

function findTag(s: string, from: number, tags: string[]): { index: number; tag: string } | undefined {
  let at = s.indexOf('<', from);
  while (at !== -1) {
    const tag = tagAt(s, at, tags);
    if (tag) return { index: at, tag };
    at = s.indexOf('<', at + 1);
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

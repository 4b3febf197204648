// Splits a growing markdown answer into finished blocks and one open tail, so the view
// renders each finished block once and re-renders only the tail per delta: the cost of
// a delta then depends on the tail's size, not on the answer's.
//
// The rule: after lexing the uncommitted text, every top-level token before the last
// non-blank one is finished, because a later line can only extend the last block.
// Blank lines are not enough on their own: a list or indented code continues past
// them, so a block stays open until the next block actually starts. An unclosed
// fence lexes as one code token running to the end, so it stays the tail until closed.
//
// Three kinds of open block would still make a delta cost grow with the block:
// - an open code fence is not lexed at all while it stays open: only the new lines are
//   scanned for the closing fence, and the view appends the new text to its <code>;
// - past `longBlockChars`, a list commits every item but the last (a later line can only
//   extend the last item), and a paragraph commits its text up to a safe word boundary.
//   Such a block says `continues`, so the view joins the next block to it seamlessly.
//
// No DOM here, so it runs under plain Node tests.
import type { MarkedOptions, Token, Links, Tokens } from 'marked';
import { BoundedLexer } from './markdownLimits';

export interface MarkdownBlock {
  /** The exact source text of this block, trailing blank lines included. */
  source: string;
  /** Top-level tokens, ready for the parser. */
  tokens: Token[];
  /** The next block carries on this list or paragraph (a long block committed in parts). */
  continues?: 'list' | 'paragraph';
  /** Set on a tail that is an unclosed code fence: its language and where its code starts in `source`. */
  openFence?: { lang: string; bodyStart: number };
}

export interface SplitterOptions {
  /** An open list or paragraph longer than this commits its finished part. */
  longBlockChars?: number;
}

interface FenceState {
  char: string;
  size: number;
  lang: string;
  bodyStart: number;
  /** Where the first line not yet checked for a closing fence starts. */
  scanFrom: number;
}

const FENCE_OPEN = /^(`{3,}|~{3,})([^\n]*)\n/;
/** Keep this much of an open paragraph uncommitted: emphasis or a link may still close in it. */
const PARAGRAPH_KEEP = 80;

export interface SplitResult {
  /** Blocks finished by this push, in order; never reported again. */
  committed: MarkdownBlock[];
  tail: MarkdownBlock;
}

export class MarkdownBlockSplitter {
  private pending = '';
  private committedLength = 0;
  /** Reference definitions from committed blocks, so later blocks still resolve them. */
  private readonly links: Links = Object.create(null);

  private fence: FenceState | null = null;
  private readonly longBlockChars: number;

  constructor(
    private readonly options: MarkedOptions = { gfm: true },
    split: SplitterOptions = {},
  ) {
    this.longBlockChars = split.longBlockChars ?? Infinity;
  }

  /** All text committed so far plus the tail equals all text pushed, always. */
  get committedSourceLength(): number {
    return this.committedLength;
  }

  get tailSource(): string {
    return this.pending;
  }

  push(text: string): SplitResult {
    this.pending += text;
    if (this.fence !== null) {
      if (!this.fenceMayClose(this.fence)) return { committed: [], tail: this.fenceTail(this.fence) };
      this.fence = null;
    }
    const result = this.split();
    const long = this.splitLong(result.tail);
    if (long !== null) {
      result.committed.push(long.block);
      result.tail = long.tail;
    }
    this.fence = openFence(result.tail);
    if (this.fence !== null) result.tail = this.fenceTail(this.fence);
    return result;
  }

  private split(): SplitResult {
    const tokens = this.lex(this.pending);
    const lastOpen = lastNonBlankIndex(tokens);
    const committed: MarkdownBlock[] = [];
    let consumed = 0;
    let used = 0;
    let current: MarkdownBlock | null = null;
    let currentHasBlock = false;
    for (; used < lastOpen; used++) {
      const token = tokens[used];
      // marked normalises some input (\r\n → \n); when a raw no longer matches the
      // source, stop committing rather than risk losing or duplicating text.
      if (!this.pending.startsWith(token.raw, consumed)) break;
      const blank = !isNotBlank(token);
      if (current === null || (!blank && currentHasBlock)) {
        current = { source: '', tokens: [] };
        currentHasBlock = false;
        committed.push(current);
      }
      consumed += token.raw.length;
      current.source += token.raw;
      current.tokens.push(token);
      currentHasBlock ||= !blank;
      if (token.type === 'def') this.links[token.tag] = { href: token.href, title: token.title };
    }
    // Leading blank lines alone are not a block: they wait for the block they precede.
    if (current !== null && !currentHasBlock) {
      committed.pop();
      consumed -= current.source.length;
      used -= current.tokens.length;
    }
    if (consumed === 0) return { committed, tail: { source: this.pending, tokens } };

    this.pending = this.pending.slice(consumed);
    this.committedLength += consumed;
    // The rest was lexed from a block boundary, so it is what lexing the tail alone gives.
    return { committed, tail: { source: this.pending, tokens: tokens.slice(used) } };
  }

  /** Commits the finished part of a long open list or paragraph; null when there is none. */
  private splitLong(tail: MarkdownBlock): { block: MarkdownBlock; tail: MarkdownBlock } | null {
    if (tail.source.length <= this.longBlockChars) return null;
    const blocks = tail.tokens.filter(isNotBlank);
    if (blocks.length !== 1 || tail.tokens[0] !== blocks[0]) return null;
    const token = blocks[0];
    let block: MarkdownBlock | null = null;
    if (token.type === 'list') block = listHead(token as Tokens.List, this.pending);
    else if (token.type === 'paragraph') block = this.paragraphHead();
    if (block === null) return null;
    this.pending = this.pending.slice(block.source.length);
    this.committedLength += block.source.length;
    return { block, tail: { source: this.pending, tokens: this.lex(this.pending) } };
  }

  private paragraphHead(): MarkdownBlock | null {
    const cut = paragraphCut(this.pending, this.pending.length - PARAGRAPH_KEEP);
    if (cut <= 0) return null;
    const head = this.pending.slice(0, cut);
    const tokens = this.lex(head);
    const blocks = tokens.filter(isNotBlank);
    if (blocks.length !== 1 || blocks[0].type !== 'paragraph' || tokens.map((t) => t.raw).join('') !== head) return null;
    return { source: head, tokens, continues: 'paragraph' };
  }

  /** Scans the lines added since the last push; true when one may close the fence. */
  private fenceMayClose(fence: FenceState): boolean {
    const text = this.pending;
    let start = fence.scanFrom;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const line = nl < 0 ? text.slice(start) : text.slice(start, nl);
      if (closesFence(line, fence)) return true;
      if (nl < 0) break;
      start = nl + 1;
    }
    fence.scanFrom = start;
    return false;
  }

  private fenceTail(fence: FenceState): MarkdownBlock {
    const source = this.pending;
    const code = { type: 'code', raw: source, lang: fence.lang, text: source.slice(fence.bodyStart) } as Tokens.Code;
    return { source, tokens: [code], openFence: { lang: fence.lang, bodyStart: fence.bodyStart } };
  }

  private lex(source: string): Token[] {
    const lexer = new BoundedLexer(this.options);
    Object.assign(lexer.tokens.links, this.links);
    return lexer.lex(source);
  }
}

function isNotBlank(token: Token): boolean {
  return token.type !== 'space';
}

/** An unclosed fence at the very start of the tail (no indent, so its text is verbatim), or null. */
function openFence(tail: MarkdownBlock): FenceState | null {
  const { source, tokens } = tail;
  const last = tokens[tokens.length - 1];
  if (last?.type !== 'code' || tokens.filter(isNotBlank).length !== 1) return null;
  // Blank lines before the fence stay with it until it is committed.
  const lead = source.length - last.raw.length;
  if (source.slice(lead) !== last.raw || source.slice(0, lead).trim() !== '') return null;
  const m = FENCE_OPEN.exec(last.raw);
  if (m === null || (m[1][0] === '`' && m[2].includes('`'))) return null;
  const bodyStart = lead + m[0].length;
  const fence: FenceState = { char: m[1][0], size: m[1].length, lang: m[2].trim().split(/\s+/)[0] ?? '', bodyStart, scanFrom: bodyStart };
  // Checks the whole body once; from then on only new lines are scanned.
  let start = fence.bodyStart;
  for (;;) {
    const nl = source.indexOf('\n', start);
    if (closesFence(nl < 0 ? source.slice(start) : source.slice(start, nl), fence)) return null;
    if (nl < 0) break;
    start = nl + 1;
  }
  fence.scanFrom = start;
  return fence;
}

function closesFence(line: string, fence: FenceState): boolean {
  const t = line.replace(/^ {0,3}/, '');
  if (t[0] !== fence.char) return false;
  let n = 0;
  while (t[n] === fence.char) n++;
  return n >= fence.size && t.slice(n).trim() === '';
}

/** Every item but the last of a list that starts the pending text. */
function listHead(list: Tokens.List, pending: string): MarkdownBlock | null {
  if (list.items.length < 2) return null;
  const head = list.items.slice(0, -1);
  const source = head.map((i) => i.raw).join('');
  if (!pending.startsWith(source)) return null;
  const token: Tokens.List = { ...list, items: head, raw: source };
  return { source, tokens: [token], continues: 'list' };
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * The last place before `limit` where a paragraph may be cut (preferably after a
 * sentence or a line): just before a word that
 * starts with a letter (so the rest lexes as the same paragraph's text, never as a list
 * item, heading or fence), with no code span, emphasis, strikethrough, link bracket or
 * autolink left open before it, and not in a line holding a pipe (it may become a table
 * row). One pass, so the search costs no more than the text. 0 when there is none.
 */
function paragraphCut(text: string, limit: number): number {
  let ticks = 0;
  let stars = 0;
  let tildes = 0;
  let brackets = 0;
  let angles = 0;
  let pipe = false;
  let best = 0;
  let bestSentence = 0;
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (
      i > 0 && isLetter(c) && (text[i - 1] === ' ' || text[i - 1] === '\n') &&
      ticks % 2 === 0 && stars % 2 === 0 && tildes % 2 === 0 && brackets === 0 && angles === 0 && !pipe
    ) {
      best = i;
      if (/[.!?:;]\s$/.test(text.slice(i - 2, i)) || text[i - 1] === '\n') bestSentence = i;
    }
    if (c === 96) ticks++;
    else if (ticks % 2 === 1) continue;
    else if (c === 42) stars++;
    else if (c === 126) tildes++;
    else if (c === 91) brackets++;
    else if (c === 93) brackets = Math.max(0, brackets - 1);
    else if (c === 60) angles = 1;
    else if (c === 62) angles = 0;
    else if (c === 124) pipe = true;
    else if (c === 10) pipe = false;
  }
  // A part ends its line where it is cut: better between sentences than mid-sentence.
  return bestSentence > limit / 2 ? bestSentence : best;
}

function lastNonBlankIndex(tokens: Token[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) if (isNotBlank(tokens[i])) return i;
  return -1;
}

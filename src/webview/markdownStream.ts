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
// No DOM here, so it runs under plain Node tests.
import { Lexer, type MarkedOptions, type Token, type Links } from 'marked';

export interface MarkdownBlock {
  /** The exact source text of this block, trailing blank lines included. */
  source: string;
  /** Top-level tokens, ready for the parser. */
  tokens: Token[];
}

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

  constructor(private readonly options: MarkedOptions = { gfm: true }) {}

  /** All text committed so far plus the tail equals all text pushed, always. */
  get committedSourceLength(): number {
    return this.committedLength;
  }

  get tailSource(): string {
    return this.pending;
  }

  push(text: string): SplitResult {
    this.pending += text;
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

  private lex(source: string): Token[] {
    const lexer = new Lexer(this.options);
    Object.assign(lexer.tokens.links, this.links);
    return lexer.lex(source);
  }
}

function isNotBlank(token: Token): boolean {
  return token.type !== 'space';
}

function lastNonBlankIndex(tokens: Token[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) if (isNotBlank(tokens[i])) return i;
  return -1;
}

// Bounds what one piece of model markdown may cost to lex and show. marked recurses
// once per nesting level and pads every table row to the header's width, so a few
// kilobytes can overflow the stack ('>'.repeat(20000)), build millions of cells, or
// freeze the view. Past each cap the rest is kept as plain text: nothing the model
// wrote is dropped, it just stops being structure.
//
// No DOM here, so it runs under plain Node tests.
import { Lexer, Tokenizer, type MarkedOptions, type Token, type Tokens, type TokensList } from 'marked';

export const MARKDOWN_LIMITS = {
  /** Nested block quotes and list items; real answers rarely pass 5, and each level narrows the column. */
  blockDepth: 8,
  /** Nested emphasis, strikethrough and link text. */
  inlineDepth: 16,
  /** A longer line (minified code, a wall of symbols) is shown as text, not parsed. */
  lineChars: 10_000,
  /**
   * `*`, `_` and `~` in one paragraph or cell. marked's emphasis matching turns
   * quadratic on thousands of nested openers (a second per 10 KB); prose has dozens.
   */
  emphasisMarks: 1_000,
  tableColumns: 64,
  tableCells: 10_000,
} as const;

/** A block shown as the exact text the model wrote; rendered like raw HTML, as text. */
export function plainBlock(text: string): Tokens.HTML {
  return { type: 'html', block: true, pre: false, raw: text, text };
}

function plainInline(text: string): Tokens.Text {
  return { type: 'text', raw: text, text, escaped: false };
}

function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    longest = Math.max(longest, end - start);
    start = end + 1;
  }
  return longest;
}

function emphasisMarks(text: string): number {
  let marks = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 || c === 95 || c === 126) marks++;
  }
  return marks;
}

function cellCount(line: string): number {
  let pipes = 0;
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) === 124) pipes++;
  return pipes + 1;
}

class BoundedTokenizer extends Tokenizer {
  // The size is judged from the regex match before marked splits cells: its own
  // tokenizer pads short rows up to the header's width, which is where the cost is.
  override table(src: string): Tokens.Table | undefined {
    const cap = this.rules.block.table.exec(src);
    if (!cap) return undefined;
    const lines = cap[0].replace(/\n+$/, '').split('\n');
    const columns = Math.max(cellCount(lines[0]), cellCount(lines[1] ?? ''));
    if (columns > MARKDOWN_LIMITS.tableColumns || columns * lines.length > MARKDOWN_LIMITS.tableCells) {
      return plainBlock(cap[0]) as unknown as Tokens.Table;
    }
    return super.table(src);
  }
}

/** A marked Lexer with the caps above; use it wherever model text is lexed. */
export class BoundedLexer extends Lexer {
  private blockDepth = 0;
  private inlineDepth = 0;

  constructor(options: MarkedOptions = { gfm: true }) {
    super({ ...options, tokenizer: new BoundedTokenizer() });
  }

  override blockTokens(src: string, tokens?: Token[], lastParagraphClipped?: boolean): Token[];
  override blockTokens(src: string, tokens?: TokensList, lastParagraphClipped?: boolean): TokensList;
  override blockTokens(src: string, tokens: Token[] = [], lastParagraphClipped = false): Token[] {
    if (this.blockDepth >= MARKDOWN_LIMITS.blockDepth) {
      tokens.push(plainBlock(src));
      return tokens;
    }
    this.blockDepth++;
    try {
      return super.blockTokens(src, tokens, lastParagraphClipped);
    } finally {
      this.blockDepth--;
    }
  }

  // Every block hands its inline text over here before it is lexed, so one check
  // covers paragraphs, headings and table cells. Over a cap, the run stays text.
  override inline(src: string, tokens: Token[] = []): Token[] {
    if (longestLine(src) > MARKDOWN_LIMITS.lineChars || emphasisMarks(src) > MARKDOWN_LIMITS.emphasisMarks) {
      tokens.push(plainInline(src));
      return tokens;
    }
    return super.inline(src, tokens);
  }

  override inlineTokens(src: string, tokens: Token[] = []): Token[] {
    if (this.inlineDepth >= MARKDOWN_LIMITS.inlineDepth) {
      tokens.push(plainInline(src));
      return tokens;
    }
    this.inlineDepth++;
    try {
      return super.inlineTokens(src, tokens);
    } finally {
      this.inlineDepth--;
    }
  }
}

// Streamed markdown (an answer or its reasoning). Finished blocks get their own node,
// rendered once and never touched again; only the open tail is redrawn per update, and
// an open code fence is not even redrawn: its new text is appended to the <code>.
//
// Nothing the model sends can make this throw: a block that fails to lex or render is
// shown as its plain text, so the turn around it still finishes and later turns still
// appear.
import { MarkdownBlockSplitter, type MarkdownBlock, type SplitResult } from './markdownStream';
import { plainBlock } from './markdownLimits';
import { plainFragment, renderTokens } from './markdownRender';

/** Past this, an open list or paragraph commits its finished part (see markdownStream). */
const LONG_BLOCK_CHARS = 1024;
/**
 * Finished blocks are kept in groups of this many, and a group out of sight skips
 * layout and paint (content-visibility). Per block, the browser's visibility checks
 * alone would cost more each frame than the delta itself on a long answer.
 */
const GROUP_BLOCKS = 48;
/** An open fence's code is split into blocks of this many lines, so appending lays out only the last. */
const FENCE_CHUNK_LINES = 64;

export interface MarkdownViewOptions {
  className: string;
  role?: string;
  /** Called on each new block node (finished or tail) to add controls such as code actions. */
  decorate?(block: HTMLElement, finished: boolean): void;
}

interface OpenFence {
  /** Source offset of the fence's block, to know it is still the same fence. */
  at: number;
  code: HTMLElement;
  chunk: Text;
  chunkLines: number;
  shown: number;
}

export class MarkdownView {
  readonly element: HTMLElement;
  private splitter = newSplitter();
  private tail: HTMLElement;
  private group: HTMLElement | null = null;
  private groupBlocks = 0;
  private fence: OpenFence | null = null;
  /** The last finished block is a list or paragraph that the next block carries on. */
  private joinNext: MarkdownBlock['continues'];
  private length = 0;

  constructor(private readonly opts: MarkdownViewOptions) {
    this.element = document.createElement('div');
    this.element.className = `${opts.className} markdown`;
    if (opts.role) this.element.dataset.role = opts.role;
    this.tail = this.newTail();
  }

  get textLength(): number {
    return this.length;
  }

  append(delta: string): void {
    // marked rewrites \r\n as \n, which would stop blocks from committing.
    const clean = delta.replace(/\r/g, '');
    if (clean === '') return;
    this.length += clean.length;
    const { committed, tail } = this.split(clean);
    for (const block of committed) {
      const node = document.createElement('div');
      node.className = this.finishedClass(block);
      node.dataset.block = 'done';
      this.renderInto(node, block, true);
      this.groupFor().append(node);
      this.fence = null;
    }
    this.renderTail(tail);
  }

  /** Replaces everything, e.g. when the host corrects the text rather than extending it. */
  reset(text: string): void {
    this.splitter = newSplitter();
    this.fence = null;
    this.group = null;
    this.groupBlocks = 0;
    this.joinNext = undefined;
    this.length = 0;
    this.element.replaceChildren();
    this.tail = this.newTail();
    this.append(text);
  }

  private renderTail(tail: MarkdownBlock): void {
    const className = this.tailClass();
    if (this.tail.className !== className) this.tail.className = className;
    const at = this.splitter.committedSourceLength;
    if (tail.openFence) {
      const body = tail.source.length - tail.openFence.bodyStart;
      if (this.fence === null || this.fence.at !== at) {
        const code = openFenceCode(tail.openFence.lang);
        this.fence = { at, code, chunk: newChunk(code), chunkLines: 0, shown: 0 };
        const pre = document.createElement('pre');
        pre.append(code);
        this.tail.replaceChildren(pre);
        this.opts.decorate?.(this.tail, false);
      }
      if (body > this.fence.shown) {
        appendCode(this.fence, tail.source.slice(tail.openFence.bodyStart + this.fence.shown));
        this.fence.shown = body;
      }
      return;
    }
    this.fence = null;
    this.renderInto(this.tail, tail, false);
  }

  private renderInto(node: HTMLElement, block: MarkdownBlock, finished: boolean): void {
    try {
      node.replaceChildren(renderTokens(block.tokens));
      this.opts.decorate?.(node, finished);
    } catch {
      node.replaceChildren(plainFragment(block.source));
    }
  }

  private split(text: string): SplitResult {
    try {
      return this.splitter.push(text);
    } catch {
      // The text that failed to lex becomes one finished plain block, and lexing
      // starts afresh after it rather than failing again on every later delta.
      const source = this.splitter.tailSource;
      this.splitter = newSplitter();
      this.joinNext = undefined;
      return { committed: [{ source, tokens: [plainBlock(source)] }], tail: { source: '', tokens: [] } };
    }
  }

  private groupFor(): HTMLElement {
    if (this.group === null || this.groupBlocks >= GROUP_BLOCKS) {
      this.group = document.createElement('div');
      this.group.className = 'md-group';
      this.groupBlocks = 0;
      this.element.insertBefore(this.group, this.tail);
    }
    this.groupBlocks++;
    return this.group;
  }

  /** A finished block's class; it also moves the join on to the block after it. */
  private finishedClass(block: MarkdownBlock): string {
    let name = this.tailClass();
    if (block.continues) name += ` md-open-${block.continues}`;
    this.joinNext = block.continues;
    return name;
  }

  private tailClass(): string {
    return this.joinNext ? `md-block md-cont-${this.joinNext}` : 'md-block';
  }

  private newTail(): HTMLElement {
    const node = document.createElement('div');
    node.className = 'md-block';
    node.dataset.block = 'tail';
    this.element.append(node);
    return node;
  }
}

function newSplitter(): MarkdownBlockSplitter {
  return new MarkdownBlockSplitter({ gfm: true }, { longBlockChars: LONG_BLOCK_CHARS });
}

/** The same `pre > code.language-x` the renderer gives a fence, built from text only. */
function openFenceCode(lang: string): HTMLElement {
  const code = document.createElement('code');
  const safe = lang.replace(/[^\w+#.-]/g, '');
  if (safe) code.className = `language-${safe}`;
  return code;
}

function newChunk(code: HTMLElement): Text {
  const span = document.createElement('span');
  span.className = 'code-chunk';
  const text = document.createTextNode('');
  span.append(text);
  code.append(span);
  return text;
}

/** Appends code text, starting a new chunk after every FENCE_CHUNK_LINES lines. */
function appendCode(fence: OpenFence, text: string): void {
  let rest = text;
  while (rest !== '') {
    let cut = -1;
    for (let from = 0, need = FENCE_CHUNK_LINES - fence.chunkLines; need > 0; need--) {
      cut = rest.indexOf('\n', from);
      if (cut < 0) break;
      from = cut + 1;
    }
    if (cut < 0 || FENCE_CHUNK_LINES - fence.chunkLines <= 0) {
      fence.chunk.appendData(rest);
      fence.chunkLines += countLines(rest);
      return;
    }
    fence.chunk.appendData(rest.slice(0, cut + 1));
    fence.chunk = newChunk(fence.code);
    fence.chunkLines = 0;
    rest = rest.slice(cut + 1);
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

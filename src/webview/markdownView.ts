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

export interface MarkdownViewOptions {
  className: string;
  role?: string;
  /** Called on each new block node (finished or tail) to add controls such as code actions. */
  decorate?(block: HTMLElement, finished: boolean): void;
}

interface OpenFence {
  /** Source offset of the fence's block, to know it is still the same fence. */
  at: number;
  text: Text;
  shown: number;
}

export class MarkdownView {
  readonly element: HTMLElement;
  private splitter = newSplitter();
  private tail: HTMLElement;
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
    if (committed.length > 0) {
      const finished = document.createDocumentFragment();
      for (const block of committed) {
        const node = document.createElement('div');
        node.className = this.finishedClass(block);
        node.dataset.block = 'done';
        this.renderInto(node, block, true);
        finished.append(node);
      }
      this.element.insertBefore(finished, this.tail);
      this.fence = null;
    }
    this.renderTail(tail);
  }

  /** Replaces everything, e.g. when the host corrects the text rather than extending it. */
  reset(text: string): void {
    this.splitter = newSplitter();
    this.fence = null;
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
        this.fence = { at, text: document.createTextNode(''), shown: 0 };
        this.tail.replaceChildren(openFenceNode(tail.openFence.lang, this.fence.text));
        this.opts.decorate?.(this.tail, false);
      }
      if (body > this.fence.shown) {
        this.fence.text.appendData(tail.source.slice(tail.openFence.bodyStart + this.fence.shown));
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

/** The same shape the renderer gives a fence (`pre > code.language-x`), built from text only. */
function openFenceNode(lang: string, text: Text): HTMLElement {
  const pre = document.createElement('pre');
  const code = document.createElement('code');
  const safe = lang.replace(/[^\w+#.-]/g, '');
  if (safe) code.className = `language-${safe}`;
  code.append(text);
  pre.append(code);
  return pre;
}

// The answer block of one turn. Finished markdown blocks get their own node, rendered
// once and never touched again; only the tail node is replaced on each update.
import { MarkdownBlockSplitter } from './markdownStream';
import { renderTokens } from './markdownRender';

export class ContentView {
  readonly element: HTMLElement;
  private splitter = new MarkdownBlockSplitter();
  private tail: HTMLElement;
  private text = '';

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'turn-content markdown';
    this.element.dataset.role = 'content';
    this.tail = this.newTail();
  }

  get source(): string {
    return this.text;
  }

  append(delta: string): void {
    // marked rewrites \r\n as \n, which would stop blocks from committing.
    const clean = delta.replace(/\r/g, '');
    if (clean === '') return;
    this.text += clean;
    const { committed, tail } = this.splitter.push(clean);
    if (committed.length > 0) {
      const finished = document.createDocumentFragment();
      for (const block of committed) {
        const node = document.createElement('div');
        node.className = 'md-block';
        node.dataset.block = 'done';
        node.append(renderTokens(block.tokens));
        finished.append(node);
      }
      this.element.insertBefore(finished, this.tail);
    }
    this.tail.replaceChildren(renderTokens(tail.tokens));
  }

  /** Replaces everything, e.g. when the host corrects the text rather than extending it. */
  reset(text: string): void {
    this.splitter = new MarkdownBlockSplitter();
    this.text = '';
    this.element.replaceChildren();
    this.tail = this.newTail();
    this.append(text);
  }

  private newTail(): HTMLElement {
    const node = document.createElement('div');
    node.className = 'md-block';
    node.dataset.block = 'tail';
    this.element.append(node);
    return node;
  }
}

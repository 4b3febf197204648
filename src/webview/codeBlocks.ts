// Code blocks in an answer: a bar above the code (never over it) with Copy, Insert at
// Cursor and New File, always visible, and syntax colours once the block is finished.
import type { WebviewMessage } from '../protocol';
import { highlightCode } from './highlight/loader';

const ACTIONS: [action: string, text: string, label: string][] = [
  ['copyCode', 'Copy', 'Copy code'],
  ['insertCode', 'Insert', 'Insert code at the cursor'],
  ['newFileWithCode', 'New File', 'Open code in a new editor'],
];

/** Adds the action bar to each `pre` in `block`; highlights only finished blocks, once. */
export function decorateCodeBlocks(block: HTMLElement, finished: boolean): void {
  for (const pre of Array.from(block.querySelectorAll('pre'))) {
    const code = pre.querySelector(':scope > code');
    if (!(code instanceof HTMLElement) || pre.querySelector(':scope > .code-toolbar')) continue;
    pre.prepend(toolbar(languageOf(code)));
    if (finished) highlightCode(code);
  }
}

/** The message a code action posts, or undefined when `button` is not one. */
export function codeActionMessage(button: HTMLElement): WebviewMessage | undefined {
  const code = button.closest('pre')?.querySelector(':scope > code');
  if (!(code instanceof HTMLElement)) return undefined;
  const text = code.textContent ?? '';
  const language = languageOf(code);
  switch (button.dataset.action) {
    case 'copyCode':
      return { type: 'copy', text };
    case 'insertCode':
      return { type: 'insertCode', code: text, language };
    case 'newFileWithCode':
      return { type: 'newFileWithCode', code: text, language };
    default:
      return undefined;
  }
}

export function languageOf(code: Element): string {
  return /(?:^|\s)language-([\w+#.-]+)/.exec(code.className)?.[1] ?? '';
}

function toolbar(language: string): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'code-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', language ? `${language} code` : 'Code');
  const lang = document.createElement('span');
  lang.className = 'code-lang';
  lang.textContent = language;
  bar.append(lang);
  for (const [action, text, label] of ACTIONS) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'code-action secondary';
    button.dataset.action = action;
    button.textContent = text;
    button.title = label;
    button.setAttribute('aria-label', label);
    bar.append(button);
  }
  return bar;
}

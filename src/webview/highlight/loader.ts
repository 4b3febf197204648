// Loads dist/highlight.js next to the chat script the first time code needs it, with
// the page's nonce (the CSP allows no other script), and highlights finished code
// blocks. Highlighting is a progressive enhancement: without it the code stays plain.
import DOMPurify from 'dompurify';
import { HIGHLIGHTER_GLOBAL, type Highlighter } from './api';

/** Bigger blocks stay plain: highlighting them would be one long task. */
const MAX_CHARS = 20_000;

// Read while this script runs: currentScript is null afterwards.
const self = document.currentScript as HTMLScriptElement | null;
const scriptUrl = self?.src ? new URL('highlight.js', self.src).href : undefined;
const nonce = self?.nonce ?? '';

let loading = false;
const waiting = new Set<HTMLElement>();

function loaded(): Highlighter | undefined {
  return (globalThis as Record<string, unknown>)[HIGHLIGHTER_GLOBAL] as Highlighter | undefined;
}

/** Highlights `code` now if the highlighter is here, else as soon as it arrives. */
export function highlightCode(code: HTMLElement): void {
  const language = /(?:^|\s)language-([\w+#.-]+)/.exec(code.className)?.[1]?.toLowerCase();
  if (!language || (code.textContent ?? '').length > MAX_CHARS) return;
  const hl = loaded();
  if (hl) {
    apply(hl, code, language);
    return;
  }
  waiting.add(code);
  load();
}

function load(): void {
  if (loading || scriptUrl === undefined) return;
  loading = true;
  addEventListener(HIGHLIGHTER_GLOBAL, () => {
    const hl = loaded();
    if (!hl) return;
    for (const code of waiting) {
      const language = /(?:^|\s)language-([\w+#.-]+)/.exec(code.className)?.[1]?.toLowerCase();
      if (code.isConnected && language) apply(hl, code, language);
    }
    waiting.clear();
  }, { once: true });
  const script = document.createElement('script');
  script.nonce = nonce;
  script.src = scriptUrl;
  document.head.append(script);
}

function apply(hl: Highlighter, code: HTMLElement, language: string): void {
  const text = code.textContent ?? '';
  const html = hl.highlight(text, language);
  if (html === undefined) return;
  // The highlighter escapes the code, but the code is the model's: only spans with a class pass.
  const fragment = DOMPurify.sanitize(html, { ALLOWED_TAGS: ['span'], ALLOWED_ATTR: ['class'], RETURN_DOM_FRAGMENT: true });
  // Highlighting must never change the code a user copies or inserts.
  if (fragment.textContent !== text) return;
  code.replaceChildren(fragment);
  code.classList.add('hljs');
}

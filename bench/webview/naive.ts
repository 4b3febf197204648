// The baseline the chat view is measured against: what many chat views do, parse and
// sanitize the whole message and replace its HTML on every delta (once per frame).
import { marked } from 'marked';
import DOMPurify from 'dompurify';

let host: HTMLElement | null = null;

(window as unknown as { __naive(text: string): void; __naiveReset(): void }).__naive = (text: string) => {
  if (!host) {
    host = document.createElement('div');
    host.className = 'markdown';
    document.querySelector('.transcript-inner')?.append(host);
  }
  host.innerHTML = DOMPurify.sanitize(marked.parse(text, { async: false }) as string);
  const t = document.querySelector('.transcript');
  if (t) t.scrollTop = t.scrollHeight;
};
(window as unknown as { __naiveReset(): void }).__naiveReset = () => {
  host?.remove();
  host = null;
};

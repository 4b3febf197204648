// Turns lexed markdown tokens into a sanitized DOM fragment. Model output is untrusted:
// marked is told to print raw HTML as text, and DOMPurify is the final gate on every
// fragment, whatever marked produced.
import { Marked, type Token, type Tokens } from 'marked';
import DOMPurify from 'dompurify';

const marked = new Marked({
  gfm: true,
  renderer: {
    // Raw HTML in the answer is shown as the text the model wrote, never as elements.
    html(token: Tokens.HTML | Tokens.Tag): string {
      const text = escapeHtml(token.text);
      return token.block ? `<p class="md-raw">${text}</p>` : text;
    },
    // Images would fetch remote URLs (tracking, exfiltration): show a link instead.
    image({ href, text }: Tokens.Image): string {
      const label = `image: ${text || href}`;
      return `<a href="${escapeHtml(href)}" class="md-image">${escapeHtml(label)}</a>`;
    },
    // A glyph, not an <input>: no form controls inside the answer.
    checkbox({ checked }: Tokens.Checkbox): string {
      return `<span class="md-task" role="img" aria-label="${checked ? 'done' : 'not done'}">${checked ? '☑' : '☐'}</span> `;
    },
  },
});

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 's', 'code', 'pre',
  'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'sup', 'sub',
];
const PURIFY_CONFIG = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ['href', 'title', 'class', 'align', 'start', 'role', 'aria-label'],
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'img', 'svg', 'math', 'script'],
  FORBID_ATTR: ['style', 'id', 'name'],
  // Anything else (javascript:, data:, relative paths that would navigate the webview) loses its href.
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  ALLOW_DATA_ATTR: false,
  RETURN_DOM_FRAGMENT: true as const,
};

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

export function renderTokens(tokens: Token[]): DocumentFragment {
  const html = marked.parser(tokens);
  return DOMPurify.sanitize(html, PURIFY_CONFIG);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

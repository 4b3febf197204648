// Lexed markdown → an HTML string in which every element is one we chose to write.
// This is the first wall: every piece of text the model wrote is escaped here, raw
// HTML included, whatever marked's lexer thought of it (after an inline <code>,
// <kbd>, <pre> or <script> tag marked flags the following text as "already
// escaped" and its default renderer passes it through). DOMPurify comes second.
//
// Classes are ours alone. An element we decorate carries OWN_MARK, a random word
// chosen per page load, as its first class; the sanitizer keeps the classes of
// marked elements only and drops every other class. Model text never reaches a
// class attribute here, and could not guess the mark if it did.
//
// No DOM here, so it runs under plain Node tests.
import { Marked, type Token, type Tokens } from 'marked';

export const OWN_MARK = `ts${randomHex()}`;

function randomHex(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** ` class="…"` naming our own classes, which survive sanitizing. */
export function ownClass(...names: string[]): string {
  return ` class="${[OWN_MARK, ...names].join(' ')}"`;
}

/** Links we keep live; anything else (javascript:, data:, command:, relative) loses its href. */
export const SAFE_HREF = /^(?:https?:|mailto:)/i;

// A language name is model text that becomes part of a class: letters and a few
// symbols only (c++, c#, objective-c, …), so it can never name one of our classes.
const LANGUAGE = /^[A-Za-z0-9_+#.-]{1,32}$/;

const marked = new Marked({
  gfm: true,
  renderer: {
    text(token: Tokens.Text | Tokens.Escape): string {
      if ('tokens' in token && token.tokens) return this.parser.parseInline(token.tokens);
      return escapeText(token.text);
    },
    // Raw HTML is shown as the text the model wrote, never as elements.
    html(token: Tokens.HTML | Tokens.Tag): string {
      const text = escapeHtml(token.text);
      return token.block ? `<p${ownClass('md-raw')}>${text}</p>\n` : text;
    },
    code({ text, lang }: Tokens.Code): string {
      const name = (lang ?? '').trim().split(/\s/)[0];
      const cls = LANGUAGE.test(name) ? ownClass(`language-${name}`) : '';
      return `<pre><code${cls}>${escapeHtml(text.replace(/\n$/, ''))}\n</code></pre>\n`;
    },
    codespan({ text }: Tokens.Codespan): string {
      return `<code>${escapeHtml(text)}</code>`;
    },
    // The model's link title is dropped: the tooltip shows the real destination instead.
    link({ href, tokens }: Tokens.Link): string {
      const inner = this.parser.parseInline(tokens);
      const url = href.trim();
      return SAFE_HREF.test(url) ? `<a href="${escapeHtml(url)}">${inner}</a>` : `<a>${inner}</a>`;
    },
    // Images would fetch remote URLs (tracking, exfiltration): show a link instead.
    image({ href, text }: Tokens.Image): string {
      const label = escapeHtml(`image: ${text || href}`);
      const url = href.trim();
      return SAFE_HREF.test(url) ? `<a href="${escapeHtml(url)}"${ownClass('md-image')}>${label}</a>` : `<a${ownClass('md-image')}>${label}</a>`;
    },
    // A glyph, not an <input>: no form controls inside the answer.
    checkbox({ checked }: Tokens.Checkbox): string {
      return `<span${ownClass('md-task', checked ? 'md-task-done' : 'md-task-open')}>${checked ? '☑' : '☐'}</span> `;
    },
  },
});

export function tokensToHtml(tokens: Token[]): string {
  return marked.parser(tokens);
}

/** Escapes markup but keeps entity references (`&amp;`, `&copy;`): in text they decode to characters, never to tags. */
export function escapeText(text: string): string {
  return text
    .replace(/&(?!#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

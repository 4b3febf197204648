// Turns lexed markdown tokens into a DOM fragment. Model output is untrusted, so
// three steps, each enough on its own for what it guards:
//  1. markdownHtml escapes every piece of model text; the string holds only our tags;
//  2. DOMPurify parses that string with a short allow-list and drops every class
//     not marked as ours, every id, style, role, aria-* and data-* attribute;
//  3. only then do we add what our own chrome needs (roles, labels, link targets);
//     code-block actions are added to the result by codeBlocks.
// A block that fails anywhere in this is shown as its plain text instead (markdownView).
import type { Token } from 'marked';
import DOMPurify from 'dompurify';
import { OWN_MARK, tokensToHtml } from './markdownHtml';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 's', 'code', 'pre',
  'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span',
];
const PURIFY_CONFIG = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ['href', 'class', 'align', 'start'],
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'img', 'svg', 'math', 'script'],
  FORBID_ATTR: ['style', 'id', 'name', 'role', 'title'],
  // Anything else (javascript:, data:, relative paths that would navigate the webview) loses its href.
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  // Plain values, not URLs: without this the URL rule above strips them, and an ordered
  // list committed in parts (or one that starts at 2) would number from 1 again.
  ADD_URI_SAFE_ATTR: ['start', 'align'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  RETURN_DOM_FRAGMENT: true as const,
};

// Our own instance: the hook below must not strip classes from other sanitizing,
// such as the highlighter's spans.
const purify = DOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  const classes = node.getAttribute('class')?.split(/\s+/);
  node.removeAttribute('class');
  if (classes?.[0] === OWN_MARK && classes.length > 1) node.className = classes.slice(1).join(' ');
});

export function renderTokens(tokens: Token[]): DocumentFragment {
  const fragment = purify.sanitize(tokensToHtml(tokens), PURIFY_CONFIG);
  decorate(fragment);
  return fragment;
}

/** What a block shows when rendering it failed: the model's text, as text. */
export function plainFragment(source: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const p = document.createElement('p');
  p.className = 'md-raw';
  p.textContent = source;
  fragment.append(p);
  return fragment;
}

// Runs on the sanitized fragment, so every attribute set here is ours.
function decorate(fragment: DocumentFragment): void {
  fragment.querySelectorAll('a[href]').forEach((link) => {
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
    // The destination, not what the model called it: a link cannot pass for another.
    link.setAttribute('title', link.getAttribute('href') ?? '');
  });
  fragment.querySelectorAll('.md-task').forEach((task) => {
    task.setAttribute('role', 'img');
    task.setAttribute('aria-label', task.classList.contains('md-task-done') ? 'done' : 'not done');
  });
}

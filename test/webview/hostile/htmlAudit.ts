// Reads the HTML string the renderer hands to DOMPurify, the way a browser would
// start to: every '<' must open one of the tags our renderer writes, with only the
// attributes it writes. Model text must all be escaped, so any other '<' is a leak.

const OWN_TAGS = new Set([
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 'code', 'pre',
  'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span',
]);
const OWN_ATTRS = new Set(['href', 'class', 'align', 'start']);
const TAG = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/y;
const ATTR = /\s+([a-z-]+)="([^"]*)"/g;

/** Problems found; empty when the string holds our markup only. */
export function foreignMarkup(html: string, ownMark: string): string[] {
  const problems: string[] = [];
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) {
    TAG.lastIndex = i;
    const m = TAG.exec(html);
    const context = html.slice(i, i + 60);
    if (!m) {
      problems.push(`unescaped '<' at ${i}: ${context}`);
      continue;
    }
    const [, closing, name, attrs] = m;
    if (!OWN_TAGS.has(name)) problems.push(`element <${name}>: ${context}`);
    if (closing && attrs) problems.push(`attributes on a closing tag: ${context}`);
    for (const [, attr, value] of attrs.matchAll(ATTR)) {
      if (!OWN_ATTRS.has(attr)) problems.push(`attribute ${attr}: ${context}`);
      if (attr === 'class' && !value.startsWith(`${ownMark} `)) problems.push(`class without our mark: ${context}`);
      if (attr === 'href' && !/^(?:https?:|mailto:)/i.test(value)) problems.push(`href ${value.slice(0, 40)}`);
      if (attr === 'align' && !/^(?:left|center|right)$/.test(value)) problems.push(`align ${value}`);
      if (attr === 'start' && !/^\d+$/.test(value)) problems.push(`start ${value}`);
    }
  }
  return problems;
}

/** The text a reader would see, whitespace collapsed: tags dropped, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<\/?(?:a|strong|em|del|code|span)\b[^>]*>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

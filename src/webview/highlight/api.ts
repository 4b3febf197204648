// What the separately loaded highlighter script hands to the chat script.

export const HIGHLIGHTER_GLOBAL = 'thinkstreamHighlighter';

export interface Highlighter {
  /** HTML of `<span class="hljs-…">` around escaped text; undefined for an unknown language. */
  highlight(code: string, language: string): string | undefined;
}

// The syntax highlighter, bundled apart from the chat script (dist/highlight.js) and
// loaded only once an answer holds code: highlight.js core with its common languages.
import hljs from 'highlight.js/lib/common';
import { HIGHLIGHTER_GLOBAL, type Highlighter } from './api';

const highlighter: Highlighter = {
  highlight(code, language) {
    if (!hljs.getLanguage(language)) return undefined;
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  },
};
(globalThis as Record<string, unknown>)[HIGHLIGHTER_GLOBAL] = highlighter;
dispatchEvent(new Event(HIGHLIGHTER_GLOBAL));

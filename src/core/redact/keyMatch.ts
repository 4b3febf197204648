// Follows a key through text spelled any mix of ways (see decodings.ts), one
// encoded character at a time, remembering how far it got: a full match is a leak,
// and a long enough start of the key where the text stops is a leak cut in two.

import { decodingsAt, isEscapeStart } from './decodings';

export interface KeyProgress {
  /** Where a complete spelling of key[from..] ends in the text, when there is one. */
  fullEnd?: number;
  /** How many key units the furthest reading covered, counted from the start of the key. */
  keyIndex: number;
  /** Where that furthest reading ends in the text. */
  textEnd: number;
  /** Some reading used up the whole text (or stops inside an unfinished escape): more text could complete the key. */
  openAtEnd: boolean;
}

/** Reads the key from index `from` at text position `start`. */
export function followKey(s: string, start: number, key: string, from = 0): KeyProgress {
  const n = key.length;
  const progress: KeyProgress = { keyIndex: from, textEnd: start, openAtEnd: false };
  // Mixed spellings branch ("%" may be a literal or start an escape); each (position, index) is visited once.
  const seen = new Set<number>();
  const stack = [start, from];
  while (stack.length > 0) {
    const j = stack.pop()!;
    const i = stack.pop()!;
    if (j === n) {
      progress.fullEnd = i;
      progress.keyIndex = n;
      progress.textEnd = i;
      return progress;
    }
    const id = i * (n + 1) + j;
    if (seen.has(id)) continue;
    seen.add(id);
    if (j > progress.keyIndex || (j === progress.keyIndex && i > progress.textEnd)) {
      progress.keyIndex = j;
      progress.textEnd = i;
    }
    if (i >= s.length) {
      progress.openAtEnd = true;
      continue;
    }
    if (isEscapeStart(s, i)) progress.openAtEnd = true;
    for (const d of decodingsAt(s, i)) {
      if (d.text.length > 0 && key.startsWith(d.text, j)) stack.push(d.end, j + d.text.length);
    }
  }
  return progress;
}

/** Whether the text at `i` could begin key[j..]: a cheap test before following it. */
export function couldStart(s: string, i: number, key: string, j = 0): boolean {
  const c = s[i];
  return c === key[j] || c === '\\' || c === '%' || c === '&' || (c === '+' && key[j] === ' ');
}

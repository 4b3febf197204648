// Replaces every spelling of a secret in a text, including the pieces a cut leaves:
// a start of the key where the text (or a "…") ends, an end of the key where the
// text (or a "…") begins. Callers redact the final string, after every decode and
// every cut, so nothing downstream can turn a harmless-looking rest into a key.

import { BASE64_CHAR, MIN_BASE64_FRAGMENT, base64Cores, toStandardAlphabet } from './base64Forms';
import { couldStart, followKey } from './keyMatch';

export const REDACTED = '***';

/** Shorter values would blank out ordinary words; real keys are far longer. */
const MIN_SECRET_LENGTH = 4;

/** A piece of a key this long at a cut is treated as the key; shorter ones are too common to blank out. */
export const MIN_FRAGMENT = 6;

/** The longest spelling of one character ("%25F0%25…", "&#00128512;"), to bound what a stream holds back. */
const MAX_SPELLING = 24;

/** Which ends of the text are real ends (a stream's held-back tail is not). */
export interface Edges {
  start: boolean;
  end: boolean;
}

const BOTH: Edges = { start: true, end: true };

interface Secret {
  key: string;
  cores: string[];
}

export class SecretRedactor {
  private readonly secrets: Secret[];

  constructor(secrets: readonly string[]) {
    const keys = [...new Set(secrets.filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))];
    // Longest first, so a key that contains another is replaced whole.
    keys.sort((a, b) => b.length - a.length);
    this.secrets = keys.map((key) => ({ key, cores: base64Cores(key) }));
  }

  get empty(): boolean {
    return this.secrets.length === 0;
  }

  redact(text: string, edges: Edges = BOTH): string {
    if (!text) return text;
    let out = text;
    for (const secret of this.secrets) {
      out = redactSpellings(out, secret.key, edges);
      out = redactBase64(out, secret.cores, edges);
    }
    return out;
  }

  /**
   * Where the shortest tail that could still grow into a secret begins (text.length
   * when none): a stream shows everything before it and waits for more after it.
   */
  holdFrom(text: string): number {
    let hold = text.length;
    for (const { key, cores } of this.secrets) {
      const from = Math.max(0, text.length - MAX_SPELLING * (key.length + 1));
      for (let i = from; i < hold; i++) {
        if (couldStart(text, i, key) && followKey(text, i, key).openAtEnd) {
          hold = i;
          break;
        }
      }
      hold = Math.min(hold, base64Hold(text, cores));
    }
    return hold;
  }
}

function redactSpellings(s: string, key: string, edges: Edges): string {
  const leadAt = edges.start ? firstContent(s) : -1;
  const canCut = key.length > MIN_FRAGMENT;
  // Cut marks and quotes mark string ends anywhere; the text's own ends only where they are real.
  let out = '';
  let last = 0;
  let i = 0;
  while (i < s.length) {
    let end: number | undefined;
    if (canCut && (i === leadAt || afterCutMarker(s, i) || afterEscapeRemnant(s, leadAt, i))) end = keyEndingAt(s, i, key);
    if (end === undefined && couldStart(s, i, key)) {
      const p = followKey(s, i, key);
      if (p.fullEnd !== undefined) end = p.fullEnd;
      else if (canCut && p.keyIndex >= MIN_FRAGMENT) {
        if (cutMarkerAt(s, p.textEnd) || (edges.end && TRAILER.test(s.slice(p.textEnd)))) end = p.textEnd;
        else if (edges.end && p.openAtEnd) end = s.length;
      }
    }
    if (end === undefined || end <= i) {
      i++;
      continue;
    }
    out += s.slice(last, i) + REDACTED;
    last = i = end;
  }
  return last === 0 ? s : out + s.slice(last);
}

/** The end of the longest tail of the key (MIN_FRAGMENT or more) that starts at `i`. */
function keyEndingAt(s: string, i: number, key: string): number | undefined {
  for (let j = 1; j <= key.length - MIN_FRAGMENT; j++) {
    if (!couldStart(s, i, key, j)) continue;
    const p = followKey(s, i, key, j);
    if (p.fullEnd !== undefined) return p.fullEnd;
  }
  return undefined;
}

/** What may follow the last piece of a key at the very end: closing quotes, brackets, punctuation, an escape the cut left unfinished. */
const TRAILER = /^(?:[\s"'`)\]}>.,;:!?…*\\]|\\u[0-9a-f]{0,3}|%(?:25)?[0-9a-f]?|&#?x?[0-9a-f]{0,7};?)*$/i;
const LEADER = /[\s"'`(\[{<.,;:!?…*]/;

/** A cut through an escape leaves its last digits ("6B", "0073;") before the rest of the key. */
function afterEscapeRemnant(s: string, leadAt: number, i: number): boolean {
  return leadAt >= 0 && i > leadAt && i - leadAt <= 6 && /^[0-9a-fux#;%&\\]+$/i.test(s.slice(leadAt, i));
}

function firstContent(s: string): number {
  let i = 0;
  while (i < s.length && LEADER.test(s[i])) i++;
  return i;
}

/** Servers mark their own cuts ("sk-abc…", "sk-abc...", "sk-abc****"); a closing quote ends a string. */
function cutMarkerAt(s: string, i: number): boolean {
  return QUOTE.test(s[i] ?? '') || s[i] === '…' || s[i] === '*' || s.startsWith('...', i);
}

/** A quoted string is a string of its own: its ends are ends, even inside a larger text (a raw JSON body). */
const QUOTE = /["'`]/;

function afterCutMarker(s: string, i: number): boolean {
  if (i > 0 && QUOTE.test(s[i - 1])) return true;
  let at = i;
  if (s[at - 1] === ' ') at--;
  return s[at - 1] === '…' || s[at - 1] === '*' || (at >= 3 && s.startsWith('...', at - 3));
}

function redactBase64(s: string, cores: string[], edges: Edges): string {
  if (cores.length === 0) return s;
  const normalized = toStandardAlphabet(s);
  const ranges: Array<[number, number]> = [];
  for (const core of cores) {
    for (let at = normalized.indexOf(core); at !== -1; at = normalized.indexOf(core, at + core.length)) {
      ranges.push(runAround(s, at, at + core.length));
    }
  }
  if (edges.end) {
    const run = trailingRun(s);
    if (run && cores.some((core) => overlapsStart(normalized.slice(run[0], run[1]), core, MIN_BASE64_FRAGMENT))) ranges.push(run);
  }
  if (edges.start) {
    const run = leadingRun(s);
    if (run && cores.some((core) => overlapsEnd(normalized.slice(run[0], run[1]), core))) ranges.push(run);
  }
  if (ranges.length === 0) return s;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let last = 0;
  for (const [from, to] of ranges) {
    if (to <= last) continue;
    out += s.slice(last, Math.max(from, last)) + (from >= last ? REDACTED : '');
    last = to;
  }
  return out + s.slice(last);
}

/** The whole base64 token around a match, padding included: the user part goes too. */
function runAround(s: string, from: number, to: number): [number, number] {
  while (from > 0 && BASE64_CHAR.test(s[from - 1])) from--;
  while (to < s.length && BASE64_CHAR.test(s[to])) to++;
  while (s[to] === '=') to++;
  return [from, to];
}

function trailingRun(s: string): [number, number] | undefined {
  let end = s.length;
  while (end > 0 && !BASE64_CHAR.test(s[end - 1]) && TRAILER.test(s[end - 1])) end--;
  const padded = end;
  while (end > 0 && s[end - 1] === '=') end--;
  let from = end;
  while (from > 0 && BASE64_CHAR.test(s[from - 1])) from--;
  return from < end ? [from, padded] : undefined;
}

function leadingRun(s: string): [number, number] | undefined {
  const from = firstContent(s);
  let to = from;
  while (to < s.length && BASE64_CHAR.test(s[to])) to++;
  return to > from ? [from, to] : undefined;
}

/** Whether the run ends with the first `min`+ characters of the core. */
function overlapsStart(run: string, core: string, min: number): boolean {
  for (let k = Math.min(run.length, core.length - 1); k >= min; k--) if (run.endsWith(core.slice(0, k))) return true;
  return false;
}

function overlapsEnd(run: string, core: string): boolean {
  for (let k = Math.min(run.length, core.length - 1); k >= MIN_BASE64_FRAGMENT; k--) if (run.startsWith(core.slice(-k))) return true;
  return false;
}

/** A trailing base64 run that could be the start of an encoded key is held back from its first possible character. */
function base64Hold(s: string, cores: string[]): number {
  if (cores.length === 0 || s.length === 0 || !BASE64_CHAR.test(s[s.length - 1])) return s.length;
  let from = s.length;
  const limit = Math.max(0, s.length - Math.max(...cores.map((c) => c.length)));
  while (from > limit && BASE64_CHAR.test(s[from - 1])) from--;
  const tail = toStandardAlphabet(s.slice(from));
  let hold = s.length;
  for (const core of cores) {
    for (let k = Math.min(tail.length, core.length - 1); k >= 1; k--) {
      if (tail.endsWith(core.slice(0, k))) {
        hold = Math.min(hold, s.length - k);
        break;
      }
    }
  }
  return hold;
}

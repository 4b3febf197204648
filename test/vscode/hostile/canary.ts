// A made-up API key and every shape it could leak in: raw, JSON \u escapes,
// percent-encoding, HTML entities, base64 (alone or as `user:key`), and any
// 8-character piece of it, since a redaction that misses half a key still leaks it.
import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random enough that no 8 characters of it turn up by chance in a workbench's files. */
export function makeCanary(): string {
  const bytes = randomBytes(40);
  return 'sk-' + [...bytes].map((b) => ALNUM[b % ALNUM.length]).join('');
}

export const FRAGMENT = 8;

const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, '0');

/** The ways a server or a careless log might write the key. */
export const ENCODINGS: Record<string, (s: string) => string> = {
  raw: (s) => s,
  jsonEscaped: (s) => [...s].map((c) => `\\u${hex(c).padStart(4, '0')}`).join(''),
  jsonEscapedUpper: (s) => [...s].map((c) => `\\u${hex(c).padStart(4, '0').toUpperCase()}`).join(''),
  percent: (s) => [...s].map((c) => `%${hex(c).toUpperCase()}`).join(''),
  percentLower: (s) => [...s].map((c) => `%${hex(c)}`).join(''),
  htmlDecimal: (s) => [...s].map((c) => `&#${c.charCodeAt(0)};`).join(''),
  htmlHex: (s) => [...s].map((c) => `&#x${hex(c)};`).join(''),
};

export interface Needle {
  form: string;
  text: string;
}

/**
 * What to search for. Base64 shifts with its alignment, so the key is encoded at
 * each of the three byte offsets and only whole 4-character groups are kept: those
 * appear unchanged wherever the key sits inside a longer encoded string.
 */
export function needlesFor(canary: string): Needle[] {
  const needles: Needle[] = [];
  for (let i = 0; i + FRAGMENT <= canary.length; i++) {
    const piece = canary.slice(i, i + FRAGMENT);
    for (const [form, encode] of Object.entries(ENCODINGS)) needles.push({ form, text: encode(piece) });
  }
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.from('x'.repeat(offset) + canary).toString('base64');
    // Skip the group that mixes in the padding bytes, and the last, which may mix with what follows.
    const groups = encoded.slice(4, Math.floor((encoded.length - 4) / 4) * 4);
    for (let g = 0; g + 12 <= groups.length; g += 4) needles.push({ form: 'base64', text: groups.slice(g, g + 12) });
  }
  return dedupe(needles);
}

function dedupe(needles: Needle[]): Needle[] {
  const seen = new Set<string>();
  return needles.filter((n) => (seen.has(n.text) ? false : (seen.add(n.text), true)));
}

export interface Leak {
  where: string;
  form: string;
  context: string;
}

/** Every needle found in `text`, with a little context around the first hit of each form. */
export function findLeaks(where: string, text: string, needles: Needle[]): Leak[] {
  const leaks: Leak[] = [];
  const forms = new Set<string>();
  for (const n of needles) {
    if (forms.has(n.form)) continue;
    const at = text.indexOf(n.text);
    if (at < 0) continue;
    forms.add(n.form);
    const context = mask(text.slice(Math.max(0, at - 40), at + n.text.length + 40), needles);
    leaks.push({ where, form: n.form, context: JSON.stringify(context) });
  }
  return leaks;
}

/** A report of a leak must not print the key again: every piece of it is blanked, down to single characters at the edges. */
function mask(text: string, needles: Needle[]): string {
  const hidden = new Array<boolean>(text.length).fill(false);
  for (const n of needles) {
    for (let at = text.indexOf(n.text); at >= 0; at = text.indexOf(n.text, at + 1)) hidden.fill(true, at, at + n.text.length);
  }
  return [...text].map((c, i) => (hidden[i] ? '•' : c)).join('');
}

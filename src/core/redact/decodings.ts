// How one character of a key can be spelled on its way back from a server: as
// itself, as a JSON escape, percent-encoded (once or twice, or "+" for a space), or
// as an HTML entity. Servers mix spellings within one echo, so each character is
// read on its own and the reader offers every way the text at a position decodes.

export interface Decoding {
  /** What the spelling stands for: one or two UTF-16 units. */
  text: string;
  /** Where the spelling ends in the text. */
  end: number;
}

const JSON_SHORT: Record<string, string> = { '/': '/', '\\': '\\', '"': '"', "'": "'", n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/** Named entities for the characters keys and URLs are made of; numeric entities cover the rest. */
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', sol: '/', bsol: '\\', colon: ':', semi: ';',
  period: '.', comma: ',', plus: '+', equals: '=', lowbar: '_', num: '#', percnt: '%', dollar: '$', excl: '!',
  quest: '?', commat: '@', ast: '*', midast: '*', lpar: '(', rpar: ')', lsqb: '[', rsqb: ']', lbrack: '[',
  rbrack: ']', lcub: '{', rcub: '}', lbrace: '{', rbrace: '}', verbar: '|', vert: '|', grave: '`', hat: '^',
  tilde: '~', dash: '-', hyphen: '-',
};

const HEX = /^[0-9a-f]+$/i;

/** Every reading of the text at `i`; the literal character always comes first. */
export function decodingsAt(s: string, i: number): Decoding[] {
  const out: Decoding[] = [{ text: s[i], end: i + 1 }];
  switch (s.charCodeAt(i)) {
    case 0x5c /* \ */:
      jsonEscape(s, i, out);
      break;
    case 0x25 /* % */:
      percentEscape(s, i, out);
      break;
    case 0x2b /* + */:
      out.push({ text: ' ', end: i + 1 });
      break;
    case 0x26 /* & */:
      entity(s, i, out);
      break;
  }
  return out;
}

function jsonEscape(s: string, i: number, out: Decoding[]): void {
  const kind = s[i + 1];
  if (kind === 'u' && isHex(s, i + 2, 4)) out.push({ text: String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16)), end: i + 6 });
  else if (kind === 'x' && isHex(s, i + 2, 2)) out.push({ text: String.fromCharCode(parseInt(s.slice(i + 2, i + 4), 16)), end: i + 4 });
  else if (kind !== undefined && JSON_SHORT[kind] !== undefined) out.push({ text: JSON_SHORT[kind], end: i + 2 });
}

/** "%6B", "%256B" (encoded twice), and UTF-8 sequences of several such bytes. */
function percentEscape(s: string, i: number, out: Decoding[]): void {
  const bytes: number[] = [];
  let at = i;
  for (;;) {
    const byte = percentByte(s, at);
    if (!byte) return;
    bytes.push(byte.value);
    at = byte.end;
    const need = utf8Length(bytes[0]);
    if (need === 0) return;
    if (bytes.length === need) {
      const text = Buffer.from(bytes).toString('utf8');
      if (!text.includes('\ufffd')) out.push({ text, end: at });
      return;
    }
  }
}

function percentByte(s: string, i: number): { value: number; end: number } | undefined {
  if (s[i] !== '%') return undefined;
  if (s.startsWith('25', i + 1) && isHex(s, i + 3, 2)) return { value: parseInt(s.slice(i + 3, i + 5), 16), end: i + 5 };
  if (isHex(s, i + 1, 2)) return { value: parseInt(s.slice(i + 1, i + 3), 16), end: i + 3 };
  return undefined;
}

function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Numeric references take up to 8 digits with or without ";" (what renderers accept); named ones need ";". */
const ENTITY = /^&(?:#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,8}));?|([A-Za-z]{2,8});)/;

function entity(s: string, i: number, out: Decoding[]): void {
  const m = ENTITY.exec(s.slice(i, i + 12));
  if (!m) return;
  const end = i + m[0].length;
  if (m[3] !== undefined) {
    const named = NAMED_ENTITIES[m[3].toLowerCase()];
    if (named !== undefined) out.push({ text: named, end });
    return;
  }
  const value = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
  if (value > 0 && value <= 0x10ffff && !(value >= 0xd800 && value <= 0xdfff)) out.push({ text: String.fromCodePoint(value), end });
}

function isHex(s: string, from: number, count: number): boolean {
  return from + count <= s.length && HEX.test(s.slice(from, from + count));
}

/**
 * Whether everything from `i` on is the start of an escape that later text could
 * complete ("%6", "\u00", "&#x6"): a stream must hold such a tail back.
 */
export function isEscapeStart(s: string, i: number): boolean {
  return s.length - i <= 24 && ESCAPE_START.test(s.slice(i));
}

const ESCAPE_START =
  /^(?:\\(?:u[0-9a-f]{0,3}|x[0-9a-f]?)?|(?:%(?:25)?[0-9a-f]{2}){0,3}(?:%(?:25?[0-9a-f]?|[0-9a-f])?)?|&(?:#(?:x[0-9a-f]{0,8}|[0-9]{0,8})|[a-z]{0,8}))$/i;

// The ways a server can echo a key back, for tests of redaction: each spelling
// takes a random source so every character may be spelled differently.

export type Spelling = 'raw' | 'json' | 'percent' | 'percent2' | 'html' | 'base64' | 'base64url' | 'basic' | 'basicurl';

export const SPELLINGS: Spelling[] = ['raw', 'json', 'percent', 'percent2', 'html', 'base64', 'base64url', 'basic', 'basicurl'];

const NAMED: Record<string, string> = { '-': '&dash;', _: '&lowbar;', '.': '&period;', '/': '&sol;', '+': '&plus;', '=': '&equals;', ':': '&colon;' };

/** `pick(n)` returns an integer in [0, n). */
export function spell(key: string, how: Spelling, pick: (n: number) => number, user = 'user'): string {
  const caseOf = (hex: string) => (pick(2) ? hex.toUpperCase() : hex.toLowerCase());
  const perChar = (f: (c: string) => string) => [...key].map((c) => (pick(3) ? f(c) : c)).join('');
  switch (how) {
    case 'raw':
      return key;
    case 'json':
      return perChar((c) => `\\u${caseOf(c.charCodeAt(0).toString(16).padStart(4, '0'))}`);
    case 'percent':
      return perChar((c) => (c === ' ' && pick(2) ? '+' : `%${caseOf(c.charCodeAt(0).toString(16).padStart(2, '0'))}`));
    case 'percent2':
      return perChar((c) => `%25${caseOf(c.charCodeAt(0).toString(16).padStart(2, '0'))}`);
    case 'html':
      return perChar((c) => {
        const code = c.charCodeAt(0);
        const choice = pick(4);
        if (choice === 0 && NAMED[c]) return NAMED[c];
        if (choice <= 1) return `&#${'0'.repeat(pick(3))}${code};`;
        return `&#${pick(2) ? 'x' : 'X'}${caseOf(code.toString(16))};`;
      });
    case 'base64':
      return Buffer.from(key).toString('base64');
    case 'base64url':
      return Buffer.from(key).toString('base64url');
    case 'basic':
      return Buffer.from(`${user}:${key}`).toString('base64');
    case 'basicurl':
      return Buffer.from(`${user}:${key}`).toString('base64url');
  }
}

/** A run of 6 characters of the key anywhere in the text, as written or once decoded. */
export function leakedPiece(text: string, key: string): string | undefined {
  const views = [text, ...decodedViews(text)];
  for (let i = 0; i + 6 <= key.length; i++) {
    const piece = key.slice(i, i + 6);
    if (views.some((v) => v.includes(piece))) return piece;
  }
  return undefined;
}

function decodedViews(text: string): string[] {
  const views: string[] = [];
  views.push(text.replace(/\\u([0-9a-f]{4})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))));
  views.push(text.replace(/%(?:25)?([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\+/g, ' '));
  views.push(
    text
      .replace(/&#x([0-9a-f]+);?/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/&#([0-9]+);?/g, (_m, d: string) => String.fromCodePoint(parseInt(d, 10)))
      .replace(/&([a-z]+);/gi, (m, name: string) => Object.entries(NAMED).find(([, v]) => v === `&${name};`)?.[0] ?? m),
  );
  // Every base64 run, read from each of its first three characters (a cut may fall anywhere).
  for (const run of text.match(/[A-Za-z0-9+/_-]{8,}/g) ?? []) {
    for (let skip = 0; skip < 4; skip++) views.push(Buffer.from(run.slice(skip), 'base64').toString('latin1'));
  }
  return views;
}

// Basic auth and some gateways echo "user:key" in base64, and a key is sometimes
// base64-encoded on its own. Where the key sits among the encoded bytes depends on
// what precedes it, so the key is encoded at each of the three byte offsets and only
// the characters that depend on the key alone are kept: one of those "cores" is
// inside any base64 text that carries the key, whatever the user name.

const MIN_CORE = 8;

/** Cores in the standard alphabet; text is compared after mapping "-_" to "+/". */
export function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores = new Set<string>();
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').replace(/=+$/, '');
    // Characters fully inside the key's bits: from ceil(8·offset/6) to floor(8·(offset+n)/6).
    const first = Math.ceil((8 * offset) / 6);
    const last = Math.floor((8 * (offset + bytes.length)) / 6);
    const core = encoded.slice(first, last);
    if (core.length >= MIN_CORE) cores.add(core);
  }
  return [...cores];
}

export const BASE64_CHAR = /[A-Za-z0-9+/_-]/;

/** The URL-safe alphabet differs only in two characters; one comparison covers both. */
export function toStandardAlphabet(text: string): string {
  return text.replace(/-/g, '+').replace(/_/g, '/');
}

export const MIN_BASE64_FRAGMENT = MIN_CORE;

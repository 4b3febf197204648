// Keys reach error messages by surprising routes: servers echo the bad key back
// ("Incorrect API key provided: sk-…"), proxies print the request URL with the key
// percent-encoded in a query string, JSON bodies escape "/" as "\/". Every form a
// key can take on the way back is replaced.

/** Shorter values would blank out ordinary words; real keys are far longer. */
const MIN_SECRET_LENGTH = 4;

export const REDACTED = '***';

export function redactSecrets(text: string, secrets: readonly string[]): string {
  if (!text || !secrets || secrets.length === 0) return text;
  const pattern = secretPattern(secrets);
  return pattern ? text.replace(pattern, REDACTED) : text;
}

function secretPattern(secrets: readonly string[]): RegExp | undefined {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(escapeRegExp(secret));
    const encoded = safeEncode(secret);
    if (encoded !== undefined) {
      forms.add(percentCaseInsensitive(escapeRegExp(encoded)));
      const twice = safeEncode(encoded);
      if (twice !== undefined) forms.add(percentCaseInsensitive(escapeRegExp(twice)));
      // application/x-www-form-urlencoded writes spaces as "+".
      if (secret.includes(' ')) forms.add(percentCaseInsensitive(escapeRegExp(encoded.replace(/%20/g, '+'))));
    }
    const jsonEscaped = JSON.stringify(secret).slice(1, -1);
    forms.add(escapeRegExp(jsonEscaped));
    forms.add(escapeRegExp(jsonEscaped.replace(/\//g, '\\/')));
  }
  if (forms.size === 0) return undefined;
  // Longest first, so an encoded form is not half-replaced by a shorter raw one.
  const alternatives = [...forms].sort((a, b) => b.length - a.length);
  return new RegExp(alternatives.join('|'), 'g');
}

function safeEncode(value: string): string | undefined {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be encoded; the raw form is still redacted.
    return undefined;
  }
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Percent escapes are case-insensitive on the wire: %2F and %2f are the same byte. */
function percentCaseInsensitive(escaped: string): string {
  return escaped.replace(/%([0-9A-F])([0-9A-F])/g, (_m, a: string, b: string) => `%${hexClass(a)}${hexClass(b)}`);
}

function hexClass(digit: string): string {
  const lower = digit.toLowerCase();
  return lower === digit ? digit : `[${digit}${lower}]`;
}

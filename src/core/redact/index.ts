// The one entry point for keeping secrets out of what users see: whole messages
// (redactSecrets, redactThenCut) and streamed text (StreamEventRedactor).

import { SecretRedactor, REDACTED } from './secretRedactor';

export { REDACTED, SecretRedactor } from './secretRedactor';
export { StreamEventRedactor, StreamRedactor } from './streamRedactor';

/** Building a redactor reads every secret once; requests reuse the same few. */
const cache = new Map<string, SecretRedactor>();
const CACHE_SIZE = 8;

export function redactorFor(secrets: readonly string[]): SecretRedactor {
  const id = secrets.join('\u0000');
  let redactor = cache.get(id);
  if (!redactor) {
    redactor = new SecretRedactor(secrets);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(id, redactor);
  }
  return redactor;
}

export function redactSecrets(text: string, secrets: readonly string[] | undefined): string {
  if (!text || !secrets || secrets.length === 0) return text;
  return redactorFor(secrets).redact(text);
}

/**
 * Redacts, and only then cuts to length: a cut made first could leave half a key
 * that no longer matches. The cut text is redacted again, since its new end is a
 * boundary where a start of a key counts as the key.
 */
export function redactThenCut(text: string, secrets: readonly string[] | undefined, maxChars: number): string {
  const redacted = redactSecrets(text, secrets);
  const cut = cutText(redacted, maxChars);
  return cut === redacted ? cut : redactSecrets(cut, secrets);
}

export function cutText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = maxChars - 1;
  // Never split a surrogate pair, nor a redaction mark into something that looks like text.
  if (/[\ud800-\udbff]/.test(text[end - 1] ?? '')) end--;
  const mark = text.lastIndexOf(REDACTED, end);
  if (mark !== -1 && mark < end && mark + REDACTED.length > end) end = mark;
  return `${text.slice(0, end).trimEnd()}…`;
}

// Every failure of one request is a TransportError whose message a user can act on.
// Messages are redacted where they are built, so no caller can forget to.

import { STATUS_CODES } from 'node:http';
import type { ProviderKind } from '../types';
import { providerMessageFrom } from './error-body';
import { redactSecrets } from './redact';

export type TransportErrorKind =
  | 'http'
  | 'connect'
  | 'connect-timeout'
  | 'first-byte-timeout'
  | 'idle-timeout'
  | 'network'
  | 'aborted'
  | 'too-large';

export interface TransportErrorDetails {
  status?: number;
  retryable?: boolean;
  providerMessage?: string;
  /** The system or undici error code behind a network failure, e.g. ECONNREFUSED. */
  code?: string;
  /** How long the server asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number;
}

export class TransportError extends Error {
  override name = 'TransportError';
  kind: TransportErrorKind;
  status?: number;
  retryable: boolean;
  providerMessage?: string;
  code?: string;
  retryAfterMs?: number;

  constructor(kind: TransportErrorKind, message: string, details: TransportErrorDetails = {}) {
    super(message);
    this.kind = kind;
    this.status = details.status;
    this.retryable = details.retryable ?? false;
    this.providerMessage = details.providerMessage;
    this.code = details.code;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export function isTransportError(value: unknown): value is TransportError {
  return value instanceof TransportError;
}

/** Node's table lacks the non-standard codes providers really send. */
const EXTRA_REASON_PHRASES: Record<number, string> = { 520: 'Unknown Error', 522: 'Connection Timed Out', 524: 'A Timeout Occurred', 529: 'Overloaded' };

export function reasonPhrase(status: number, statusText: string): string {
  const given = statusText.trim();
  return given || STATUS_CODES[status] || EXTRA_REASON_PHRASES[status] || '';
}

export function hintForStatus(status: number): string | undefined {
  if (status === 401 || status === 403) return 'check the API key';
  if (status === 404) return 'check the base URL and model name';
  if (status === 408) return 'the server timed out waiting for the request';
  if (status === 413) return 'the request is too large';
  if (status === 429) return 'rate limited — try again later';
  if (status >= 500 && status <= 599) return 'the server is having trouble (overloaded)';
  return undefined;
}

export function describeHttpError(
  status: number,
  statusText: string,
  body: string,
  contentType: string | undefined,
  kind: ProviderKind | undefined,
  secrets: string[],
): { message: string; providerMessage?: string } {
  const phrase = reasonPhrase(status, statusText);
  // Redact before extracting too: trimming to length could otherwise cut a key in
  // half and leave its first part, which no longer matches, in the message.
  const extracted = providerMessageFrom(redactSecrets(body, secrets), contentType, kind);
  const providerMessage = extracted === undefined ? undefined : redactSecrets(extracted, secrets);
  const hint = hintForStatus(status);

  let message = phrase ? `HTTP ${status} ${phrase}` : `HTTP ${status}`;
  // "HTTP 529 Overloaded: Overloaded" says nothing twice.
  if (providerMessage && providerMessage.toLowerCase() !== phrase.toLowerCase()) message += `: ${providerMessage}`;
  if (hint) message += ` — ${hint}`;
  return { message: redactSecrets(message, secrets), providerMessage };
}

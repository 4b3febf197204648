// Every failure of one request is a RequestError whose message a user can act on.
// Messages are redacted where they are built, so no caller can forget to.

import { STATUS_CODES } from 'node:http';
import type { ErrorKind, ProviderKind, TimeoutPhase } from '../types';
import { redactSecrets } from '../redact';
import { providerMessageFrom } from './error-body';
import { isRetryable } from './retry';

export type { ErrorKind, TimeoutPhase } from '../types';

export interface RequestErrorDetails {
  status?: number;
  /** Which limit ran out, for kind 'timeout'. */
  timeout?: TimeoutPhase;
  providerMessage?: string;
  /** The error type or code the provider named (e.g. "overloaded_error", "rate_limit_exceeded"). */
  providerType?: string;
  /** The system or undici error code behind a network failure, e.g. ECONNREFUSED. */
  code?: string;
  /** How long the server asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number;
  /**
   * Only for an error that arrived as a StreamEvent: the decoder already asked the
   * rule, with facts (the provider's error type) the event does not carry.
   */
  judgedRetryable?: boolean;
}

/**
 * The one error type of a request, whichever layer found the failure: transport,
 * decoder or session. `retryable` is never chosen by the thrower; it follows from
 * the facts by the single rule in retry.ts, so the layers cannot disagree.
 */
export class RequestError extends Error {
  override name = 'RequestError';
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly timeout?: TimeoutPhase;
  providerMessage?: string;
  readonly providerType?: string;
  readonly code?: string;
  readonly retryAfterMs?: number;
  /** How many times the request was sent before giving up, when the transport knows. */
  attempts?: number;

  constructor(kind: ErrorKind, message: string, details: RequestErrorDetails = {}) {
    super(message);
    this.kind = kind;
    this.status = details.status;
    this.timeout = details.timeout;
    this.providerMessage = details.providerMessage;
    this.providerType = details.providerType;
    this.code = details.code;
    this.retryAfterMs = details.retryAfterMs;
    this.retryable =
      details.judgedRetryable ??
      isRetryable({ kind, status: details.status, timeout: details.timeout, code: details.code, providerType: details.providerType });
  }
}

export function isRequestError(value: unknown): value is RequestError {
  return value instanceof RequestError;
}

/** Node's table lacks the non-standard codes providers really send. */
const EXTRA_REASON_PHRASES: Record<number, string> = { 520: 'Unknown Error', 522: 'Connection Timed Out', 524: 'A Timeout Occurred', 529: 'Overloaded' };

export function reasonPhrase(status: number, statusText: string): string {
  // Node servers send "unknown" for codes missing from their own table (529, 520).
  const given = statusText.trim().toLowerCase() === 'unknown' ? '' : statusText.trim();
  return given || STATUS_CODES[status] || EXTRA_REASON_PHRASES[status] || '';
}

export function hintForStatus(status: number): string | undefined {
  if (status === 401 || status === 403) return 'check the API key';
  if (status === 404) return 'check the base URL and model name';
  if (status === 408) return 'the server timed out waiting for the request';
  if (status === 413) return 'the request is too large';
  if (status === 429) return 'rate limited — try again later';
  if (status === 503 || status === 529) return 'the server is overloaded or down for maintenance — try again later';
  if (status === 502) return 'a gateway in front of the model got no valid answer from it (it may be overloaded or down)';
  if (status === 504) return 'a gateway in front of the model timed out waiting for it (it may be overloaded)';
  if (status === 500) return 'the server had an internal error';
  if (status === 501) return 'the server does not support this request — check the base URL and protocol';
  if (status >= 520 && status <= 527) return "the server's CDN could not get an answer from it";
  if (status >= 500 && status <= 599) return 'the server reported an error';
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
  // The raw body is redacted for the spellings extraction would undo, and the
  // extracted (decoded) text again before it is cut.
  const providerMessage = providerMessageFrom(redactSecrets(body, secrets), contentType, kind, secrets);
  const hint = hintForStatus(status);

  let message = phrase ? `HTTP ${status} ${phrase}` : `HTTP ${status}`;
  // "HTTP 529 Overloaded: Overloaded" says nothing twice.
  if (providerMessage && providerMessage.toLowerCase() !== phrase.toLowerCase()) message += `: ${providerMessage}`;
  if (hint) message += ` — ${hint}`;
  return { message: redactSecrets(message, secrets), providerMessage };
}

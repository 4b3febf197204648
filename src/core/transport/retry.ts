// When a failed attempt may be repeated, and how long to wait first.

import type { ErrorKind, RetrySettings, TimeoutPhase } from '../types';

/**
 * A Retry-After longer than this is not waited out: a chat request that sits
 * silently for minutes looks hung, so the user is told when to try again instead.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

export interface RetryFacts {
  kind: ErrorKind;
  status?: number;
  timeout?: TimeoutPhase;
  code?: string;
  /** The provider's own error type or code, or its message when it names none. */
  providerType?: string;
}

/**
 * THE retry rule: whether sending the same request again may succeed. Every layer
 * asks it; none decides for itself. The transport repeats a request automatically
 * only while no body byte has been handed out; after that, `retryable` tells the
 * user (a Retry button, exit status) rather than the code.
 *
 *   http       408, 409 (OpenAI's "try again"), 429, every 5xx incl. 529
 *   stream     as http when the provider gave a status; else when its error type
 *              names overload, rate limit, timeout, unavailability or a server fault
 *   connect    refused or unreachable (a server starting, a network blip); never a
 *              wrong host name, a TLS failure or a malformed request
 *   proxy      as http for the proxy's status (never 407); a proxy not reachable now
 *   timeout    connect only: a server that let the first byte or the stream stall
 *              will do so again; the user raises the limit instead
 *   network    always: a dropped connection says nothing about the request
 *   parse, cancelled, internal   never
 */
export function isRetryable(f: RetryFacts): boolean {
  switch (f.kind) {
    case 'http':
      return f.status !== undefined && isRetryableStatus(f.status);
    case 'stream':
      if (f.status !== undefined) return isRetryableStatus(f.status);
      return f.providerType !== undefined && TRANSIENT_PROVIDER_TYPE.test(f.providerType);
    case 'connect':
      return f.code !== undefined && TRANSIENT_CONNECT_CODES.has(f.code);
    case 'proxy':
      if (f.status !== undefined) return f.status !== 407 && isRetryableStatus(f.status);
      return f.code !== undefined && TRANSIENT_CONNECT_CODES.has(f.code);
    case 'timeout':
      return f.timeout === 'connect';
    case 'network':
      return true;
    default:
      return false;
  }
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || (status >= 500 && status <= 599);
}

const TRANSIENT_CONNECT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

/** Anthropic overloaded_error/api_error, OpenAI server_error/rate_limit_exceeded, Ollama "server busy", gateways' "unavailable". */
const TRANSIENT_PROVIDER_TYPE = /overload|rate.?limit|timeout|timed out|unavailable|server_error|api_error|busy|capacity/i;

/**
 * Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): a uniform
 * draw below an exponentially growing ceiling, so clients that failed together do
 * not come back together. `retry` counts from 1.
 */
export function backoffDelay(retry: number, settings: RetrySettings, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.max(0, Math.floor(draw * ceiling));
}

/**
 * The wait a server asked for, in ms, or undefined when it did not say.
 * OpenAI sends `retry-after-ms` next to the standard header; fractional seconds are
 * accepted though the standard only allows whole ones.
 */
export function retryAfterMs(headers: Record<string, string | string[] | undefined>, now: number = Date.now()): number | undefined {
  const precise = first(headers['retry-after-ms']);
  if (precise !== undefined && /^\s*\d+(?:\.\d+)?\s*$/.test(precise)) return Math.ceil(Number(precise));

  const value = first(headers['retry-after'])?.trim();
  if (!value) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

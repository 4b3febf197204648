// When a failed attempt may be repeated, and how long to wait first.

import type { RetrySettings } from '../types';

/**
 * A Retry-After longer than this is not waited out: a chat request that sits
 * silently for minutes looks hung, so the user is told when to try again instead.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/** 408 timeout, 409 conflict (OpenAI's "try again"), 429 rate limit, and every 5xx incl. 529. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || (status >= 500 && status <= 599);
}

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

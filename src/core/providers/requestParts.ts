import type { ProviderConfig, ReasoningRequest } from '../types';

export interface BuiltRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export const EFFORT_BUDGET = { minimal: 1024, low: 4096, medium: 12_000, high: 24_000 } as const;
const EFFORT_ORDER = ['minimal', 'low', 'medium', 'high'] as const;

/** Joins a base URL and a path without doubling or dropping the slash. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

/** The provider's own extra headers, lower-cased so ours can override them predictably. */
export function providerHeaders(p: ProviderConfig): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.headers ?? {})) headers[k.toLowerCase()] = v;
  return headers;
}

export function baseHeaders(p: ProviderConfig, accept: string): Record<string, string> {
  const headers = providerHeaders(p);
  headers['content-type'] = 'application/json';
  headers.accept = accept;
  return headers;
}

/** The key as the server wants it: a Bearer token, or a header of the provider's naming. */
export function setBearerKey(headers: Record<string, string>, p: ProviderConfig, apiKey: string | undefined): void {
  if (!apiKey) return;
  if (p.apiKeyHeader) headers[p.apiKeyHeader.toLowerCase()] = apiKey;
  else headers.authorization = `Bearer ${apiKey}`;
}

export function effortOf(r: ReasoningRequest): string {
  if ('effort' in r) return r.effort;
  return r.budget <= 2048 ? 'low' : r.budget <= 12_000 ? 'medium' : 'high';
}

export function budgetOf(r: ReasoningRequest): number {
  return 'budget' in r ? r.budget : EFFORT_BUDGET[r.effort];
}

/**
 * The effort word to send: the nearest one the provider accepts (xAI's grok-3-mini
 * takes only low and high), rounding up on a tie.
 */
export function effortFor(p: ProviderConfig, r: ReasoningRequest): string {
  const wanted = effortOf(r);
  const allowed = p.reasoningEfforts;
  if (!allowed || allowed.length === 0 || allowed.includes(wanted)) return wanted;
  const at = EFFORT_ORDER.indexOf(wanted as (typeof EFFORT_ORDER)[number]);
  let best = allowed[0];
  let bestDistance = Infinity;
  for (const a of allowed) {
    const i = EFFORT_ORDER.indexOf(a as (typeof EFFORT_ORDER)[number]);
    const d = i === -1 ? Infinity : Math.abs(i - at);
    if (d < bestDistance || (d === bestDistance && i > at)) {
      best = a;
      bestDistance = d;
    }
  }
  return best;
}

// One streaming HTTP request, done properly: specific timeouts, cancel that closes
// the connection, proxies, and retries only while nothing has been handed out yet.

import type { LimitNames, ProviderKind, RetrySettings, TransportTimeouts } from '../types';
import { ACCEPT_ENCODING, contentCodings, decodedBody } from './content-encoding';
import { RequestError, describeHttpError } from './errors';
import { chooseProxy, displayProxy, proxyCredentials } from './proxy';
import { redactSecrets } from './redact';
import { ResponseStream } from './response-stream';
import { createRequestDispatcher } from './dispatcher';
import { MAX_RETRY_AFTER_MS, backoffDelay, retryAfterMs } from './retry';
import { abortedError, formatDuration } from './timeouts';

export interface HttpRequestSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

export interface RetryInfo {
  /** Which retry this is: 1 for the first repeat of the request. */
  attempt: number;
  delayMs: number;
  /** The (redacted) message of the failure being retried. */
  reason: string;
}

export interface TransportOptions {
  timeouts: TransportTimeouts;
  /** How the user's surface names each limit, for the timeout messages. */
  limitNames?: LimitNames;
  retry: RetrySettings;
  /** Aborting closes the socket at once, in any phase, including a backoff wait. */
  signal?: AbortSignal;
  /** Explicit proxy URL (VS Code's http.proxy); wins over the environment. */
  proxy?: string;
  /** Hosts that skip the proxy (VS Code's http.noProxy), NO_PROXY syntax; replaces the environment's list. */
  noProxy?: string;
  /** Defaults to process.env: HTTPS_PROXY, HTTP_PROXY, NO_PROXY, each also in lower case. */
  env?: Record<string, string | undefined>;
  /** Values (API keys) that must never appear in any error message. */
  secrets?: string[];
  providerKind?: ProviderKind;
  onRetry?: (info: RetryInfo) => void;
  /** Source of backoff jitter in [0, 1); Math.random unless a test pins it. */
  random?: () => number;
}

export interface StreamingResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /**
   * Raw body bytes; iterating applies the first-byte timeout until the first chunk,
   * then the idle timeout between chunks. Stopping the iteration early closes the connection.
   */
  body: AsyncIterable<Uint8Array>;
  /** ms from the start of the (final) attempt to the response headers */
  headersMs: number;
  attempts: number;
}

/** An error body is read only far enough to find the server's message. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Resolves once a 2xx response's headers arrive. Throws RequestError otherwise. Retries only before any response body byte was handed out. */
export async function openStream(spec: HttpRequestSpec, options: TransportOptions): Promise<StreamingResponse> {
  const proxyChoice = chooseProxy(parseUrl(spec.url, options.secrets ?? []), options.proxy, options.env ?? process.env, options.noProxy);
  const secrets = [...(options.secrets ?? []), ...proxyCredentials(proxyChoice.url)];
  if (proxyChoice.url !== undefined && !/^https?:\/\//i.test(proxyChoice.url)) {
    throw new RequestError('proxy', `Unsupported proxy ${displayProxy(proxyChoice.url)} — only http:// and https:// proxies are supported`);
  }
  try {
    return await openWithRetries(spec, options, proxyChoice.url, secrets);
  } catch (err) {
    throw redactError(err, secrets);
  }
}

async function openWithRetries(
  spec: HttpRequestSpec,
  options: TransportOptions,
  proxyUrl: string | undefined,
  secrets: string[],
): Promise<StreamingResponse> {
  const url = new URL(spec.url);
  const maxRetries = Math.max(0, Math.floor(options.retry.maxRetries || 0));
  const hasAcceptEncoding = Object.keys(spec.headers).some((name) => name.toLowerCase() === 'accept-encoding');
  const dispatchOptions = {
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: spec.method ?? (spec.body === undefined ? 'GET' : 'POST'),
    // Without the header a server may compress as it likes (RFC 9110 §12.5.3).
    headers: hasAcceptEncoding ? spec.headers : { ...spec.headers, 'accept-encoding': ACCEPT_ENCODING },
    body: spec.body,
  } as const;
  const proxyHasCredentials = proxyUrl !== undefined && hasCredentials(proxyUrl);

  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw abortedError();

    const connection = createRequestDispatcher(options.timeouts.connectMs, proxyUrl);
    const stream = new ResponseStream({
      host: url.host,
      timeouts: options.timeouts,
      limitNames: options.limitNames,
      proxy: proxyUrl ? displayProxy(proxyUrl) : undefined,
      proxyHasCredentials,
      signal: options.signal,
      close: connection.destroy,
    });
    const startedAt = performance.now();

    let failure: RequestError;
    try {
      await stream.open(connection.dispatcher, dispatchOptions);
      if (stream.status >= 200 && stream.status < 300) {
        return {
          status: stream.status,
          headers: stream.headers,
          body: decodedBody(stream, stream.headers['content-encoding']),
          headersMs: Math.round(stream.headersAt - startedAt),
          attempts: attempt,
        };
      }
      failure = await httpFailure(stream, options.providerKind, secrets, spec.url);
    } catch (err) {
      failure = err instanceof RequestError ? err : new RequestError('network', String(err));
    }

    if (failure.kind === 'cancelled' || options.signal?.aborted) throw abortedError();
    if (!failure.retryable || attempt > maxRetries) throw gaveUp(failure, attempt);

    let delayMs = backoffDelay(attempt, options.retry, options.random);
    if (failure.retryAfterMs !== undefined) {
      // The server knows its own limits better than our backoff curve does.
      if (failure.retryAfterMs > MAX_RETRY_AFTER_MS) throw gaveUp(failure, attempt);
      delayMs = failure.retryAfterMs;
    }
    options.onRetry?.({ attempt, delayMs, reason: redactSecrets(failure.message, secrets) });
    await sleep(delayMs, options.signal);
  }
}

/** The last failure, saying how many times the request was sent: the server saw every one. */
function gaveUp(failure: RequestError, attempts: number): RequestError {
  failure.attempts = attempts;
  if (attempts > 1) failure.message += ` (after ${attempts} attempts)`;
  return failure;
}

async function httpFailure(stream: ResponseStream, kind: ProviderKind | undefined, secrets: string[], requestUrl: string): Promise<RequestError> {
  const body = await errorBodyText(stream);
  const contentType = firstValue(stream.headers['content-type']);
  const { message, providerMessage } = describeHttpError(stream.status, stream.statusText, body, contentType, kind, secrets);
  const waitMs = retryAfterMs(stream.headers);
  let text = message;
  const location = redirectTarget(stream.status, stream.headers.location, requestUrl);
  if (location !== undefined) {
    // Following would hand the key to whoever the Location names; the user decides instead.
    text = `${message} — the server redirects to ${location}; redirects are not followed, so the API key goes nowhere else. If that address is right, make it the base URL`;
  }
  if (waitMs !== undefined && waitMs > MAX_RETRY_AFTER_MS) {
    text += ` (the server asks to retry in ${formatWait(waitMs)}, after ${clockTime(Date.now() + waitMs)})`;
  }
  return new RequestError('http', text, { status: stream.status, providerMessage, retryAfterMs: waitMs });
}

async function errorBodyText(stream: ResponseStream): Promise<string> {
  const encoding = stream.headers['content-encoding'];
  if (contentCodings(encoding).length === 0) return stream.readText(MAX_ERROR_BODY_BYTES);
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of decodedBody(stream, encoding)) {
      parts.push(chunk);
      size += chunk.byteLength;
      if (size >= MAX_ERROR_BODY_BYTES) break;
    }
  } catch {
    // An undecodable error body still leaves the status to report.
  }
  stream.close();
  return Buffer.concat(parts).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8');
}

/** Where a 3xx points, as scheme, host and path only: the query may carry anything. */
function redirectTarget(status: number, location: string | string[] | undefined, requestUrl: string): string | undefined {
  const value = firstValue(location);
  if (status < 300 || status > 399 || !value) return undefined;
  try {
    const target = new URL(value, requestUrl);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return 'a non-HTTP address';
    return `${target.protocol}//${target.host}${target.pathname}`;
  } catch {
    return 'an address that is not a URL';
  }
}

function hasCredentials(proxyUrl: string): boolean {
  try {
    const url = new URL(proxyUrl);
    return url.username !== '' || url.password !== '';
  } catch {
    return false;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function parseUrl(raw: string, secrets: string[]): URL {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw new RequestError('connect', redactSecrets(`Not an http(s) URL: ${raw} — check the base URL`, secrets));
}

function redactError(err: unknown, secrets: string[]): unknown {
  if (!(err instanceof RequestError)) return err;
  err.message = redactSecrets(err.message, secrets);
  if (err.providerMessage !== undefined) err.providerMessage = redactSecrets(err.providerMessage, secrets);
  return err;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function formatWait(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 2) return formatDuration(Math.ceil(ms / 1000) * 1000);
  if (minutes < 120) return `${Math.ceil(minutes)} min`;
  return `${Math.ceil(minutes / 60)} h`;
}

function clockTime(epochMs: number): string {
  const at = new Date(epochMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

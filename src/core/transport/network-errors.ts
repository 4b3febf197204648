// undici and Node report network failures as codes; the user needs to know which
// step failed and whether trying again can help.

import { RequestError } from './errors';
import { connectTimeoutError } from './timeouts';

export interface FailureContext {
  host: string;
  connectMs: number;
  /** Display form of the proxy, when one carries the request. */
  proxy?: string;
  proxyHasCredentials?: boolean;
  /** Whether response headers had arrived: a connection lost after that is never retried. */
  headersReceived: boolean;
}

const TLS_CODE = /^(?:ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

export function networkFailure(err: unknown, ctx: FailureContext): RequestError {
  if (err instanceof RequestError) return err;
  const { code, message } = describeCause(err);
  const via = ctx.proxy ? ` through the proxy ${ctx.proxy}` : '';

  if (code === 'UND_ERR_CONNECT_TIMEOUT') return connectTimeoutError(ctx.host, ctx.connectMs, ctx.proxy);

  const proxyStatus = /Proxy response \((\d{3})\)/.exec(message);
  if (proxyStatus) return proxyRefusal(Number(proxyStatus[1]), code, ctx);
  // Through a proxy the only socket we open is to the proxy: a refused or unknown
  // host there is the proxy's, not the model server's.
  if (ctx.proxy && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')) {
    const why = code === 'ECONNREFUSED' ? 'connection refused — is the proxy running?' : code === 'ENOTFOUND' ? 'its host name does not resolve' : code;
    return new RequestError('proxy', `Could not connect to the proxy ${ctx.proxy} (on the way to ${ctx.host}): ${why} Check the proxy setting.`, { code });
  }
  if (code === 'ECONNREFUSED') {
    return new RequestError('connect', `Could not connect to ${ctx.host}: connection refused — is the server running?`, { code });
  }
  if (code === 'ENOTFOUND') {
    return new RequestError('connect', `Could not resolve the host name of ${ctx.host} — check the base URL`, { code });
  }
  if (code === 'EAI_AGAIN') {
    return new RequestError('connect', `Could not resolve the host name of ${ctx.host} right now (EAI_AGAIN: no answer from the DNS server) — check the network`, { code });
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') {
    return new RequestError(ctx.proxy ? 'proxy' : 'connect', `Could not reach ${ctx.host}${via} (${code})`, { code });
  }
  if (code && TLS_CODE.test(code)) {
    return new RequestError('connect', `The TLS handshake with ${ctx.host} failed: ${message}`, { code });
  }
  if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_URL' || code === 'ERR_INVALID_ARG_TYPE') {
    return new RequestError('internal', `The request could not be sent: ${message}`, { code });
  }

  // Resets and "other side closed": before headers the request may simply be
  // repeated; after them, part of an answer was already handed out.
  const detail = code === 'UND_ERR_SOCKET' || !code ? message : code;
  if (!ctx.headersReceived) {
    return new RequestError('network', `The connection to ${ctx.host} closed before a response arrived (${detail})`, { code });
  }
  return new RequestError('network', `The connection to ${ctx.host} was lost mid-response (${detail})`, { code });
}

/** The proxy answered our CONNECT with a status instead of a tunnel. */
function proxyRefusal(status: number, code: string | undefined, ctx: FailureContext): RequestError {
  const proxy = ctx.proxy ? `The proxy ${ctx.proxy}` : 'The proxy';
  let text: string;
  if (status === 407 || status === 401) {
    text = ctx.proxyHasCredentials
      ? `${proxy} rejected the proxy credentials (HTTP ${status}) — check the user name and password in the proxy URL`
      : `${proxy} needs proxy credentials (HTTP ${status}) — put them in the proxy URL: http://user:password@host:port`;
  } else if (status === 403) {
    text = `${proxy} does not allow connections to ${ctx.host} (HTTP 403)`;
  } else if (status === 502 || status === 503 || status === 504) {
    text = `${proxy} could not reach ${ctx.host} (HTTP ${status}) — check the base URL, or the proxy's own connection`;
  } else {
    text = `${proxy} refused to connect to ${ctx.host} (HTTP ${status})`;
  }
  return new RequestError('proxy', text, { status, code });
}

function describeCause(err: unknown): { code?: string; message: string } {
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; message?: unknown; cause?: unknown };
    const code = typeof e.code === 'string' ? e.code : undefined;
    const message = typeof e.message === 'string' ? e.message : String(err);
    // undici wraps some socket errors; the inner code is the telling one.
    if ((!code || code === 'UND_ERR_SOCKET') && e.cause && typeof e.cause === 'object') {
      const inner = describeCause(e.cause);
      if (inner.code && inner.code !== 'UND_ERR_SOCKET') return inner;
    }
    return { code, message };
  }
  return { message: String(err) };
}

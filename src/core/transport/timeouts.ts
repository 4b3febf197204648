// The three timeouts and their messages. Each names the phase that stalled, because
// "timed out" alone cannot tell a dead server from a model still loading.

import { TransportError } from './errors';

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? `${seconds}s` : `${seconds.toFixed(1).replace(/\.0$/, '')}s`;
}

export function connectTimeoutError(host: string, ms: number, proxy?: string): TransportError {
  const via = proxy ? ` through the proxy ${proxy}` : '';
  return new TransportError('connect-timeout', `Could not connect to ${host} within ${formatDuration(ms)}${via}`, {
    retryable: true,
    code: 'UND_ERR_CONNECT_TIMEOUT',
  });
}

export function firstByteTimeoutError(host: string, ms: number): TransportError {
  return new TransportError(
    'first-byte-timeout',
    `No response from ${host} within ${formatDuration(ms)} (first-byte timeout; raise thinkstream.timeouts.firstByte for slow local models)`,
  );
}

export function idleTimeoutError(ms: number): TransportError {
  return new TransportError('idle-timeout', `The stream stalled: no data for ${formatDuration(ms)} (idle timeout)`);
}

export function abortedError(): TransportError {
  return new TransportError('aborted', 'The request was cancelled');
}

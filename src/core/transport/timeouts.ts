// The timeouts and their messages. Each names the phase that stalled, because
// "timed out" alone cannot tell a dead server from a model still loading, and the
// knob to turn as the user's surface calls it.

import { NEUTRAL_LIMIT_NAMES, type LimitNames } from '../types';
import { RequestError } from './errors';

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? `${seconds}s` : `${seconds.toFixed(1).replace(/\.0$/, '')}s`;
}

export function connectTimeoutError(host: string, ms: number, proxy?: string): RequestError {
  const via = proxy ? ` through the proxy ${proxy}` : '';
  return new RequestError('timeout', `Could not connect to ${host} within ${formatDuration(ms)}${via}`, {
    timeout: 'connect',
    code: 'UND_ERR_CONNECT_TIMEOUT',
  });
}

export function firstByteTimeoutError(host: string, ms: number, names: LimitNames = NEUTRAL_LIMIT_NAMES): RequestError {
  return new RequestError(
    'timeout',
    `No response from ${host} within ${formatDuration(ms)} (first-byte timeout; raise ${names['first-byte']} for slow local models)`,
    { timeout: 'first-byte' },
  );
}

export function idleTimeoutError(ms: number, names: LimitNames = NEUTRAL_LIMIT_NAMES): RequestError {
  return new RequestError('timeout', `The stream stalled: no data for ${formatDuration(ms)} (idle timeout; raise ${names.idle} if the model pauses longer)`, {
    timeout: 'idle',
  });
}

export function noDataTimeoutError(ms: number, names: LimitNames = NEUTRAL_LIMIT_NAMES): RequestError {
  return new RequestError(
    'timeout',
    `The server kept the connection open but sent no model data for ${formatDuration(ms)}, only keep-alives (no-data timeout; raise ${names['no-data']} if the model thinks silently for longer)`,
    { timeout: 'no-data' },
  );
}

export function abortedError(): RequestError {
  return new RequestError('cancelled', 'The request was cancelled');
}

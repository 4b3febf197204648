// One attempt of one request, as an undici dispatch handler that is also the
// response body's async iterable. Doing both in one object keeps the hot path to
// a queue push (or a direct hand-off to a waiting reader) and one timer refresh.
//
// A single timer follows the request through its phases:
//   connecting  dispatch → request written         connect timeout
//   waiting     request written → first body byte  first-byte timeout (headers alone do not stop it:
//                                                  a local model may send them long before its first token)
//   streaming   between body chunks                idle timeout

import type { Dispatcher } from 'undici';
import type { LimitNames, TransportTimeouts } from '../types';
import { RequestError } from './errors';
import { networkFailure } from './network-errors';
import { abortedError, connectTimeoutError, firstByteTimeoutError, idleTimeoutError } from './timeouts';

type Phase = 'connecting' | 'waiting' | 'streaming' | 'ended' | 'failed';

export interface ResponseStreamContext {
  host: string;
  timeouts: TransportTimeouts;
  limitNames?: LimitNames;
  proxy?: string;
  /** Whether the proxy URL carries a user and password (they are never shown). */
  proxyHasCredentials?: boolean;
  signal?: AbortSignal;
  /** Closes the attempt's sockets at once. */
  close(reason: Error): void;
}

/** Stop reading from the socket while this much is queued and nobody reads. */
const HIGH_WATER_BYTES = 1024 * 1024;
const LOW_WATER_BYTES = 256 * 1024;

export class ResponseStream implements Dispatcher.DispatchHandlers, AsyncIterable<Uint8Array> {
  status = 0;
  statusText = '';
  headers: Record<string, string | string[] | undefined> = {};
  /** performance.now() when the response headers arrived. */
  headersAt = 0;

  private phase: Phase = 'connecting';
  private timer: NodeJS.Timeout | undefined;
  private abortRequest: ((err?: Error) => void) | undefined;
  private resumeReading: (() => void) | undefined;
  private paused = false;
  private readonly queue: Uint8Array[] = [];
  private queueHead = 0;
  private queuedBytes = 0;
  private failure: RequestError | undefined;
  private reader: { resolve(result: IteratorResult<Uint8Array>): void; reject(err: unknown): void } | undefined;
  private headersWaiter: { resolve(): void; reject(err: unknown): void } | undefined;
  private iterating = false;

  constructor(private readonly ctx: ResponseStreamContext) {}

  /** Sends the request; resolves when response headers arrive, whatever the status. */
  open(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions): Promise<void> {
    const headers = new Promise<void>((resolve, reject) => {
      this.headersWaiter = { resolve, reject };
    });
    const { signal } = this.ctx;
    if (signal?.aborted) {
      this.fail(abortedError());
      return headers;
    }
    signal?.addEventListener('abort', this.onAbort);
    this.arm(this.ctx.timeouts.connectMs);
    try {
      dispatcher.dispatch(options, this);
    } catch (err) {
      this.fail(this.failureFrom(err));
    }
    return headers;
  }

  /** Reads at most `limit` bytes of the body (for an error response), then closes the attempt. */
  async readText(limit: number): Promise<string> {
    const parts: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of this) {
        parts.push(chunk);
        size += chunk.byteLength;
        if (size >= limit) break;
      }
    } catch {
      // A stalled or cut error body still leaves the status to report.
    }
    this.close();
    return Buffer.concat(parts).subarray(0, limit).toString('utf8');
  }

  /** Ends the attempt without an error, e.g. once an error body has been read. */
  close(): void {
    if (this.phase === 'ended' || this.phase === 'failed') {
      this.ctx.close(abortedError());
      return;
    }
    this.fail(abortedError());
  }

  // ---- undici dispatch handler ----

  onConnect(abort: (err?: Error) => void): void {
    if (this.phase === 'failed') {
      abort(this.failure);
      return;
    }
    this.abortRequest = abort;
    this.phase = 'waiting';
    this.arm(this.ctx.timeouts.firstByteMs);
  }

  onHeaders(status: number, rawHeaders: Buffer[] | string[] | null, resume: () => void, statusText: string): boolean {
    // 1xx interim responses are not the answer.
    if (status < 200) return true;
    this.status = status;
    this.statusText = statusText ?? '';
    this.headers = parseHeaders(rawHeaders);
    this.headersAt = performance.now();
    this.resumeReading = resume;
    const waiter = this.headersWaiter;
    this.headersWaiter = undefined;
    waiter?.resolve();
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.phase === 'waiting') {
      this.phase = 'streaming';
      this.arm(this.ctx.timeouts.idleMs);
    } else if (this.timer !== undefined) {
      // refresh() re-arms the same timer object: no allocation per chunk.
      this.timer.refresh();
    }
    const reader = this.reader;
    if (reader !== undefined) {
      this.reader = undefined;
      reader.resolve({ value: chunk, done: false });
      return true;
    }
    this.queue.push(chunk);
    this.queuedBytes += chunk.byteLength;
    if (this.queuedBytes < HIGH_WATER_BYTES) return true;
    // The reader is behind, not the server: stop the idle clock while paused.
    this.paused = true;
    this.disarm();
    return false;
  }

  onComplete(): void {
    if (this.phase === 'ended' || this.phase === 'failed') return;
    this.phase = 'ended';
    this.settle();
    // The body is complete; nothing more will use this attempt's socket.
    this.ctx.close(abortedError());
    const reader = this.reader;
    this.reader = undefined;
    reader?.resolve({ value: undefined, done: true });
  }

  onError(err: Error): void {
    if (this.phase === 'ended' || this.phase === 'failed') return;
    this.fail(this.failureFrom(err));
  }

  // ---- body iteration ----

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.iterating) throw new Error('The response body can be read only once');
    this.iterating = true;
    return {
      next: () => this.next(),
      return: () => {
        // The reader stopped early: the rest of the answer is not wanted.
        if (this.phase !== 'ended' && this.phase !== 'failed') this.fail(abortedError());
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private next(): Promise<IteratorResult<Uint8Array>> {
    if (this.queueHead < this.queue.length) return Promise.resolve({ value: this.shift(), done: false });
    if (this.phase === 'failed') return Promise.reject(this.failure);
    if (this.phase === 'ended') return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.reader = { resolve, reject };
    });
  }

  private shift(): Uint8Array {
    const chunk = this.queue[this.queueHead];
    this.queueHead++;
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    }
    this.queuedBytes -= chunk.byteLength;
    if (this.paused && this.queuedBytes <= LOW_WATER_BYTES && this.phase === 'streaming') {
      this.paused = false;
      this.arm(this.ctx.timeouts.idleMs);
      this.resumeReading?.();
    }
    return chunk;
  }

  // ---- failure and timers ----

  private readonly onAbort = (): void => {
    this.fail(abortedError());
  };

  private readonly onTimeout = (): void => {
    this.timer = undefined;
    const { host, timeouts, proxy, limitNames } = this.ctx;
    if (this.phase === 'connecting') this.fail(connectTimeoutError(host, timeouts.connectMs, proxy));
    else if (this.phase === 'waiting') this.fail(firstByteTimeoutError(host, timeouts.firstByteMs, limitNames));
    else if (this.phase === 'streaming') this.fail(idleTimeoutError(timeouts.idleMs, limitNames));
  };

  private fail(failure: RequestError): void {
    if (this.phase === 'ended' || this.phase === 'failed') return;
    this.phase = 'failed';
    this.failure = failure;
    this.settle();
    if (failure.kind === 'cancelled') {
      // A cancelled answer ends now, not after whatever was still queued.
      this.queue.length = 0;
      this.queueHead = 0;
      this.queuedBytes = 0;
    }
    // Close first, so the server sees the connection drop before anyone reacts to the error.
    this.ctx.close(failure);
    const abort = this.abortRequest;
    this.abortRequest = undefined;
    try {
      abort?.(failure);
    } catch {
      // The socket is already destroyed; undici may object to a second abort.
    }
    const waiter = this.headersWaiter;
    this.headersWaiter = undefined;
    waiter?.reject(failure);
    const reader = this.reader;
    this.reader = undefined;
    reader?.reject(failure);
  }

  private settle(): void {
    this.disarm();
    this.ctx.signal?.removeEventListener('abort', this.onAbort);
  }

  private failureFrom(err: unknown): RequestError {
    return networkFailure(err, {
      host: this.ctx.host,
      connectMs: this.ctx.timeouts.connectMs,
      proxy: this.ctx.proxy,
      proxyHasCredentials: this.ctx.proxyHasCredentials,
      headersReceived: this.status !== 0,
    });
  }

  private arm(ms: number): void {
    this.disarm();
    // 0 disables a timeout.
    if (ms > 0) this.timer = setTimeout(this.onTimeout, ms);
  }

  private disarm(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}

function parseHeaders(raw: Buffer[] | string[] | null): Record<string, string | string[] | undefined> {
  const headers: Record<string, string | string[] | undefined> = {};
  if (!raw) return headers;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toString().toLowerCase();
    const value = raw[i + 1].toString('latin1');
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else headers[name] = [existing, value];
  }
  return headers;
}

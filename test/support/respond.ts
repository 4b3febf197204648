// Writes one resolved scenario onto a response: pacing, chunking and faults. Every
// wait listens to the connection's signal, so a closed client or a closing server
// stops the writer at once and leaves no timer behind.
import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import { chunkBody, seededRandom, type ChunkingOptions } from './chunking';
import { applyBodyFaults } from './faults';
import type { Faults, Pacing } from './scenarios';

export interface ResolvedScenario {
  body: Buffer;
  status: number;
  headers: Record<string, string>;
  chunking: ChunkingOptions;
  pacing: Pacing;
  faults: Faults;
  sse: boolean;
}

type Cutoff = { bytes: number; action: 'end' | 'stall' | 'reset' };

// Loopback delivers within microseconds; this only lets the bytes already handed to
// the kernel reach the client before the RST, which would otherwise discard them.
const SETTLE_BEFORE_RESET_MS = 10;

export async function writeScenario(res: ServerResponse, s: ResolvedScenario, signal: AbortSignal): Promise<void> {
  const { faults, pacing } = s;
  if (faults.hangBeforeHeaders) return;
  if (faults.resetBeforeHeaders) {
    res.socket?.resetAndDestroy();
    return;
  }

  const body = encode(applyBodyFaults(s.body, faults, s.sse), faults.contentEncoding);
  const cutoff = cutoffOf(faults, body.length);
  const headers = { ...s.headers };
  if (faults.contentEncoding) headers['content-encoding'] = faults.contentEncoding;
  if (cutoff.action === 'end' && cutoff.bytes === body.length && s.status >= 300) headers['content-length'] = String(body.length);

  // Pacing draws from its own sequence so that changing it never changes the chunk cuts.
  const random = seededRandom((s.chunking.seed ^ 0x9e3779b9) >>> 0);
  if (!(await pause(pacing.headersDelayMs ?? 0, signal))) return;
  res.writeHead(s.status, headers);
  res.flushHeaders();
  if (!(await pause((pacing.firstByteDelayMs ?? 0) + random() * (pacing.firstByteJitterMs ?? 0), signal))) return;

  const chunks = chunkBody(body.subarray(0, cutoff.bytes), s.chunking);
  const gap = pacing.perChunkMs ?? 0;
  const jitter = pacing.jitterMs ?? 0;
  let flushed: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < chunks.length; i++) {
    if (i > 0 && (gap > 0 || jitter > 0) && !(await pause(gap + random() * jitter, signal))) return;
    if (signal.aborted) return;
    if (i === chunks.length - 1 && cutoff.action === 'reset') {
      // Only the reset needs to know when the last bytes reached the kernel.
      flushed = new Promise((done) => res.write(chunks[i], done));
    } else if (!res.write(chunks[i]) && !(await drained(res, signal))) return;
  }

  if (cutoff.action === 'end') res.end();
  else if (cutoff.action === 'reset') await reset(res, flushed, signal);
  else if (faults.keepAliveMs && faults.keepAliveMs > 0) {
    while (await pause(faults.keepAliveMs, signal)) res.write(': keep-alive\n\n');
  }
}

function encode(body: Buffer, coding: Faults['contentEncoding']): Buffer {
  if (coding === 'gzip') return gzipSync(body);
  if (coding === 'deflate') return deflateSync(body);
  if (coding === 'br') return brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
  // No zstd in Node 20's zlib: the bytes only need to be something we cannot read.
  if (coding === 'zstd') return Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), body]);
  return body;
}

function cutoffOf(faults: Faults, length: number): Cutoff {
  const options: Cutoff[] = [{ bytes: length, action: 'end' }];
  if (faults.endAfterBytes !== undefined) options.push({ bytes: faults.endAfterBytes, action: 'end' });
  if (faults.stallAfterBytes !== undefined) options.push({ bytes: faults.stallAfterBytes, action: 'stall' });
  if (faults.resetAfterBytes !== undefined) options.push({ bytes: faults.resetAfterBytes, action: 'reset' });
  // The earliest fault wins; a fault past the end still applies once the body is out.
  const chosen = options.slice(1).sort((a, b) => a.bytes - b.bytes)[0] ?? options[0];
  return { bytes: Math.max(0, Math.min(chosen.bytes, length)), action: chosen.action };
}

/** Resolves true after `ms`, false as soon as the connection is gone. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

function drained(stream: NodeJS.EventEmitter, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      stream.off('drain', onDrain);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onAbort = () => done(false);
    stream.on('drain', onDrain);
    signal.addEventListener('abort', onAbort);
  });
}

async function reset(res: ServerResponse, flushed: Promise<unknown>, signal: AbortSignal): Promise<void> {
  const aborted = new Promise((done) => signal.addEventListener('abort', done, { once: true }));
  await Promise.race([flushed, aborted]);
  if (!(await pause(SETTLE_BEFORE_RESET_MS, signal))) return;
  // A real RST (ECONNRESET on the client), not the clean FIN that destroy() sends.
  const socket = res.socket;
  if (socket && !socket.destroyed) socket.resetAndDestroy();
}

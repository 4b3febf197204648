// A compressed answer, decoded. We ask for none (compression makes a proxy or server
// hold back small events until a block fills, which defeats streaming), but some
// gateways compress anyway; undici's dispatch API hands over the raw bytes, so an
// undecoded gzip body would otherwise reach the SSE parser as noise and end as
// "the connection closed".

import { Readable, pipeline } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate, type Gunzip } from 'node:zlib';
import { RequestError } from './errors';

/** What we send: the answer as written, so each event arrives as soon as it is sent. */
export const ACCEPT_ENCODING = 'identity';

type Decompressor = Gunzip | ReturnType<typeof createInflate> | ReturnType<typeof createBrotliDecompress>;

// SYNC_FLUSH hands out whatever a partial block already decodes to: a streamed
// answer must not wait for the compressor's next block boundary. The final flush
// stays the default FINISH, so a body cut short is reported, not silently accepted.
const FACTORIES: Record<string, () => Decompressor> = {
  gzip: () => createGunzip({ flush: constants.Z_SYNC_FLUSH }),
  'x-gzip': () => createGunzip({ flush: constants.Z_SYNC_FLUSH }),
  deflate: () => createInflate({ flush: constants.Z_SYNC_FLUSH }),
  br: () => createBrotliDecompress({ flush: constants.BROTLI_OPERATION_FLUSH }),
};

/** The codings named by a Content-Encoding header, in the order they were applied. */
export function contentCodings(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header.join(',') : header ?? '';
  return value
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
}

/**
 * The body with every coding undone, or a RequestError naming a coding we cannot
 * read. Stopping the iteration early still closes the connection underneath.
 */
export function decodedBody(body: AsyncIterable<Uint8Array>, header: string | string[] | undefined): AsyncIterable<Uint8Array> {
  const codings = contentCodings(header);
  const unknown = codings.find((c) => !(c in FACTORIES));
  if (unknown !== undefined) {
    throw new RequestError('parse', `The server sent a ${unknown}-encoded answer, which Thinkstream cannot decode — configure the server or proxy not to compress it`);
  }
  let result = body;
  for (const coding of [...codings].reverse()) result = decodeOne(result, coding);
  return result;
}

async function* decodeOne(body: AsyncIterable<Uint8Array>, coding: string): AsyncGenerator<Uint8Array> {
  const source = Readable.from(body, { objectMode: false });
  const decompressor = FACTORIES[coding]();
  pipeline(source, decompressor, () => {
    // Errors surface through the iteration below.
  });
  try {
    for await (const chunk of decompressor) yield chunk as Uint8Array;
  } catch (err) {
    // A failure of the connection itself (a timeout, a reset, a cancel) keeps its own words.
    if (err instanceof RequestError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new RequestError('parse', `The server's ${coding}-encoded answer could not be decoded: it is cut off or corrupt (${detail})`);
  } finally {
    // Destroying the source ends the body's iteration, which closes the connection.
    source.destroy();
    decompressor.destroy();
  }
}

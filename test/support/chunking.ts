// Seeded byte-level chunk plans: the same seed always cuts a body the same way, so a
// failure found with one seed can be replayed exactly.

export interface ChunkingOptions {
  seed: number;
  minBytes?: number;
  maxBytes?: number;
  /** One write per event (blank-line separated) or, with no blank lines, per line. */
  byEvent?: boolean;
}

/** mulberry32: tiny, fast and good enough to vary chunk sizes. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Random sizes alone may miss the splits that break clients; always include a few.
const FORCED_SPLITS = 3;

/** Offsets inside the first multi-byte UTF-8 characters and CRLF pairs. */
function trapOffsets(body: Buffer): number[] {
  const out: number[] = [];
  let utf8 = 0;
  let crlf = 0;
  for (let i = 1; i < body.length && (utf8 < FORCED_SPLITS || crlf < FORCED_SPLITS); i++) {
    // A continuation byte (10xxxxxx) right after a lead byte: cut between them.
    if (utf8 < FORCED_SPLITS && (body[i] & 0xc0) === 0x80 && (body[i - 1] & 0xc0) === 0xc0) {
      out.push(i);
      utf8++;
    } else if (crlf < FORCED_SPLITS && body[i] === 0x0a && body[i - 1] === 0x0d) {
      out.push(i);
      crlf++;
    }
  }
  return out;
}

function eventOffsets(body: Buffer): number[] {
  const text = body.toString('latin1');
  const blank = /\r\n\r\n|\n\n|\r\r/g;
  const out: number[] = [];
  for (let m = blank.exec(text); m; m = blank.exec(text)) out.push(m.index + m[0].length);
  if (out.length === 0) {
    const line = /\r\n|\n|\r/g;
    for (let m = line.exec(text); m; m = line.exec(text)) out.push(m.index + m[0].length);
  }
  return out;
}

/** Cut offsets (exclusive ends), strictly increasing, the last one equal to body.length. */
export function chunkOffsets(body: Buffer, options: ChunkingOptions): number[] {
  const cuts = new Set<number>();
  if (options.byEvent) {
    for (const o of eventOffsets(body)) cuts.add(o);
  } else {
    const min = Math.max(1, options.minBytes ?? 1);
    const max = Math.max(min, options.maxBytes ?? 64);
    const random = seededRandom(options.seed);
    for (let at = 0; at < body.length; ) {
      at += min + Math.floor(random() * (max - min + 1));
      cuts.add(Math.min(at, body.length));
    }
    for (const o of trapOffsets(body)) cuts.add(o);
  }
  cuts.add(body.length);
  cuts.delete(0);
  return [...cuts].filter((o) => o <= body.length).sort((a, b) => a - b);
}

export function chunkBody(body: Buffer, options: ChunkingOptions): Buffer[] {
  const chunks: Buffer[] = [];
  let from = 0;
  for (const to of chunkOffsets(body, options)) {
    chunks.push(body.subarray(from, to));
    from = to;
  }
  return chunks;
}

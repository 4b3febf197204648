import { Stream } from 'openai/core/streaming';
import { StreamDecoder } from '../src/core/providers/decoder';
import { deepSeekTranscript, splitReads } from './transcript';
import { gc, median, timed, type Timing } from './stats';

/** What each reader saw; compared across readers so a fast one cannot be fast by skipping work. */
interface Tally {
  frames: number;
  reasoningChars: number;
  contentChars: number;
}

type Reader = (reads: Uint8Array[]) => Promise<Tally> | Tally;

function ours(reads: Uint8Array[]): Tally {
  const t: Tally = { frames: 0, reasoningChars: 0, contentChars: 0 };
  const d = new StreamDecoder({
    kind: 'openai',
    model: 'deepseek-reasoner',
    emit: (e) => {
      t.frames++;
      if (e.type === 'reasoning') t.reasoningChars += e.text.length;
      else if (e.type === 'content') t.contentChars += e.text.length;
    },
  });
  for (const r of reads) d.push(r);
  d.end();
  return t;
}

interface DeepSeekChunk {
  choices: { delta: { content?: string | null; reasoning_content?: string | null } }[];
}

/** The official SDK's own SSE parser, fed the same reads through the Response it expects. */
async function sdk(reads: Uint8Array[]): Promise<Tally> {
  const t: Tally = { frames: 0, reasoningChars: 0, contentChars: 0 };
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (i < reads.length) c.enqueue(reads[i++]);
      else c.close();
    },
  });
  const response = new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  const stream = Stream.fromSSEResponse<DeepSeekChunk>(response, new AbortController());
  for await (const chunk of stream) {
    t.frames++;
    const delta = chunk.choices[0]?.delta;
    if (delta?.reasoning_content) t.reasoningChars += delta.reasoning_content.length;
    if (delta?.content) t.contentChars += delta.content.length;
  }
  return t;
}

/** The least any JSON-over-SSE client can do: split on blank lines, strip `data: `, JSON.parse. */
function floor(reads: Uint8Array[]): Tally {
  const t: Tally = { frames: 0, reasoningChars: 0, contentChars: 0 };
  const utf8 = new TextDecoder();
  let buf = '';
  for (const r of reads) {
    buf += utf8.decode(r, { stream: true });
    let start = 0;
    for (let end = buf.indexOf('\n\n'); end !== -1; end = buf.indexOf('\n\n', start)) {
      if (buf.startsWith('data: ', start) && !buf.startsWith('[DONE]', start + 6)) {
        const chunk = JSON.parse(buf.slice(start + 6, end)) as DeepSeekChunk;
        t.frames++;
        const delta = chunk.choices[0]?.delta;
        if (delta?.reasoning_content) t.reasoningChars += delta.reasoning_content.length;
        if (delta?.content) t.contentChars += delta.content.length;
      }
      start = end + 2;
    }
    buf = buf.slice(start);
  }
  return t;
}

export interface Rate {
  /** Events per second of this process's CPU time: the goal's measure, steady on a shared machine. */
  cpu: number;
  /** Events per second on the clock, for reference; other processes' load shows here. */
  wall: number;
}

export interface ThroughputResult {
  frames: number;
  bytes: number;
  reads: number;
  rounds: number;
  ours: Rate;
  sdk: Rate;
  floor: Rate;
  /** Medians of per-round ratios: each round's readers share the machine's state at that moment. */
  oursOverSdk: Rate;
  oursOverFloor: Rate;
}

export async function throughput(frames = 50_000, rounds = 9): Promise<ThroughputResult> {
  const transcript = deepSeekTranscript(frames);
  const reads = splitReads(transcript.bytes, 1024, 16 * 1024);
  const readers: [string, Reader][] = [
    ['ours', ours],
    ['sdk', sdk],
    ['floor', floor],
  ];
  await check(readers, reads, transcript);
  for (const [, read] of readers) await read(reads); // warm the JIT before timing

  const times: Record<string, Timing[]> = { ours: [], sdk: [], floor: [] };
  for (let round = 0; round < rounds; round++) {
    // Rotate the order so no reader always runs right after the same neighbour's garbage.
    for (let k = 0; k < readers.length; k++) {
      const [name, read] = readers[(round + k) % readers.length];
      gc();
      times[name].push(await timed(() => read(reads)));
    }
  }
  const rate = (ts: Timing[]): Rate => ({
    cpu: frames / (median(ts.map((t) => t.cpuMs)) / 1000),
    wall: frames / (median(ts.map((t) => t.wallMs)) / 1000),
  });
  const ratio = (base: Timing[]): Rate => ({
    cpu: median(base.map((b, i) => b.cpuMs / times.ours[i].cpuMs)),
    wall: median(base.map((b, i) => b.wallMs / times.ours[i].wallMs)),
  });
  return {
    frames,
    bytes: transcript.bytes.length,
    reads: reads.length,
    rounds,
    ours: rate(times.ours),
    sdk: rate(times.sdk),
    floor: rate(times.floor),
    oursOverSdk: ratio(times.sdk),
    oursOverFloor: ratio(times.floor),
  };
}

async function check(readers: [string, Reader][], reads: Uint8Array[], want: { reasoningChars: number; contentChars: number }) {
  for (const [name, read] of readers) {
    const got = await read(reads);
    if (got.reasoningChars !== want.reasoningChars || got.contentChars !== want.contentChars) {
      throw new Error(
        `${name} read ${got.reasoningChars}/${got.contentChars} reasoning/content chars, expected ${want.reasoningChars}/${want.contentChars}`,
      );
    }
  }
}

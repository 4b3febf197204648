// Whatever bytes arrive, every reader ends the answer with a finish or an error and
// never throws or hangs. Random bytes and random damage to every recorded fixture
// are fed through the SSE, NDJSON and whole-body readers, the error-body reader and
// the whole replay pipeline. Run counts are bounded so the unit layer stays fast;
// a failure prints fast-check's seed and shrunk input for replay.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { StreamDecoder } from '../../src/core/providers/decoder';
import { wholeBodyEvents } from '../../src/core/providers/wholeBody';
import { replaySession } from '../../src/core/session/session';
import { providerMessageFrom } from '../../src/core/transport/error-body';
import type { ProviderKind, StreamEvent } from '../../src/core/types';
import { NdjsonDecoder } from '../../src/core/wire/ndjson';
import { SseDecoder } from '../../src/core/wire/sse';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');
const manifest: Record<string, { kind: ProviderKind }> = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8'));
const fixtures = Object.entries(manifest).map(([name, m]) => ({
  name,
  kind: m.kind,
  bytes: new Uint8Array(fs.readFileSync(path.join(FIXTURES, name))),
  // A counterexample names its fixture instead of printing every byte of it.
  [fc.toStringMethod]: () => name,
}));
/** Every protocol that has a recording; new ones are fuzzed as soon as their fixtures exist. */
const kinds = [...new Set(fixtures.map((f) => f.kind))];

/** Small enough that the size guards are reached by some runs too. */
const MAX_EVENT_BYTES = 4096;

function decode(kind: ProviderKind, chunks: Uint8Array[]): StreamEvent[] {
  const events: StreamEvent[] = [];
  const decoder = new StreamDecoder({ kind, model: 'fuzz', maxEventBytes: MAX_EVENT_BYTES, emit: (e) => events.push(e) });
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return events;
}

function assertEnded(events: StreamEvent[], what: string): void {
  const last = events.filter((e) => e.type === 'finish' || e.type === 'error');
  assert.ok(last.length > 0, `${what}: ended with neither a finish nor an error (${JSON.stringify(events).slice(0, 300)})`);
  for (const e of events) {
    if (e.type === 'reasoning' || e.type === 'content') assert.equal(typeof e.text, 'string');
    if (e.type === 'error') assert.ok(e.message.length > 0, `${what}: an error without a message`);
  }
}

/** Cuts the bytes at the given (sorted, clamped) offsets. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
}

type Mutation =
  | { op: 'flip'; at: number; value: number }
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.oneof(
      fc.uint8Array({ maxLength: 32 }),
      // Wire syntax is what breaks parsers; random bytes rarely hit it.
      fc.constantFrom(...['\n', '\r\n', '\n\n', 'data: ', 'data: [DONE]\n\n', ': keep-alive\n\n', '{', '}', '"', '\\', 'event: error\n', '\uFEFF', '<think>', '</think>', '\u00e9'].map((s) => new TextEncoder().encode(s))),
    ),
  }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 256 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out = Buffer.from(bytes);
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    switch (m.op) {
      case 'flip':
        if (at < out.length) out[at] = m.value;
        break;
      case 'delete':
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + m.length)]);
        break;
      case 'insert':
        out = Buffer.concat([out.subarray(0, at), Buffer.from(m.bytes), out.subarray(at)]);
        break;
      case 'duplicate':
        out = Buffer.concat([out.subarray(0, at + m.length), out.subarray(at)]);
        break;
      case 'truncate':
        out = out.subarray(0, at);
        break;
    }
  }
  return new Uint8Array(out);
}

const cuts = fc.array(fc.nat({ max: 200_000 }), { maxLength: 12 });

describe('fuzzing the readers', function () {
  this.timeout(60_000);

  it(`ends random bytes with a finish or an error for every protocol (${kinds.join(', ')})`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.uint8Array({ maxLength: 2048 }), cuts, (kind, bytes, at) => {
        assertEnded(decode(kind, split(bytes, at)), kind);
      }),
      { numRuns: 300, seed: 9 },
    );
  });

  it('ends random text made of wire syntax with a finish or an error', () => {
    const token = fc.constantFrom('data: ', 'data:', 'event: ', 'id: 1', ': c', '\n', '\r\n', '\r', '{', '}', '[', ']', '"', ':', ',', '[DONE]', '"choices"', '"delta"', '"content"', '"type"', '"error"', '"done"', 'true', 'null', 'x', ' ');
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.array(token, { maxLength: 200 }), cuts, (kind, tokens, at) => {
        assertEnded(decode(kind, split(new TextEncoder().encode(tokens.join('')), at)), kind);
      }),
      { numRuns: 300, seed: 10 },
    );
  });

  it(`ends every fixture (${fixtures.length}) damaged at random with a finish or an error`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 6 }), cuts, (fixture, mutations, at) => {
        assertEnded(decode(fixture.kind, split(mutate(fixture.bytes, mutations), at)), fixture.name);
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it('reads each fixture under another protocol without throwing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.constantFrom(...kinds), (fixture, kind) => {
        assertEnded(decode(kind, [fixture.bytes]), `${fixture.name} as ${kind}`);
      }),
      { numRuns: 100, seed: 12 },
    );
  });

  it('never throws from the bare SSE and NDJSON readers, and stops at the size guard', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 600 }), { maxLength: 20 }), (pieces) => {
        for (const make of [
          (onFrame: () => void, onError: (m: string) => void) => new SseDecoder(onFrame, onError, 1024),
          (onFrame: () => void, onError: (m: string) => void) => new NdjsonDecoder(onFrame, onError, 1024),
        ]) {
          const errors: string[] = [];
          let framesAfterError = 0;
          const reader = make(
            () => (framesAfterError += errors.length),
            (m) => errors.push(m),
          );
          for (const piece of pieces) reader.push(piece);
          reader.end();
          assert.ok(errors.length <= 1, 'the size guard fired twice');
          for (const e of errors) assert.match(e, /exceeded 1 KiB; reading stopped/);
          assert.equal(framesAfterError, 0, 'frames kept coming after the size guard stopped reading');
        }
      }),
      { numRuns: 150, seed: 13 },
    );
  });

  it('turns any whole body into an answer or exactly one named error', () => {
    const jsonish = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.json({ maxDepth: 4 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ choices: [{ message: v, finish_reason: 'stop' }] })),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ content: [v], stop_reason: 'end_turn' })),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ error: v })),
      fc.string({ maxLength: 200 }).map((s) => `<html><title>${s}</title>`),
    );
    fc.assert(
      fc.property(fc.constantFrom(...kinds), jsonish, (kind, text) => {
        const events = wholeBodyEvents(kind, text);
        const errors = events.filter((e) => e.type === 'error');
        assert.ok(errors.length <= 1, 'more than one error for one body');
        for (const e of errors) assert.ok(e.type === 'error' && e.message.trim().length > 0);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text.trim());
        } catch {
          // An unreadable body must be named, never turned into an empty answer.
          assert.equal(errors.length, 1, `no error for an unreadable body: ${text.slice(0, 80)}`);
        }
        if (parsed !== undefined && (typeof parsed !== 'object' || parsed === null)) assert.equal(errors.length, 1);
      }),
      { numRuns: 400, seed: 14 },
    );
  });

  it('reduces any error body to one short line or nothing', () => {
    const body = fc.oneof(fc.string({ unit: 'binary', maxLength: 2000 }), fc.json({ maxDepth: 5 }), fc.string().map((s) => `<!doctype html><title>${s}`));
    fc.assert(
      fc.property(body, fc.constantFrom('application/json', 'text/html', 'text/plain', undefined), fc.constantFrom<ProviderKind | undefined>(...kinds, undefined), (text, type, kind) => {
        const message = providerMessageFrom(text, type, kind);
        if (message !== undefined) {
          assert.ok(message.length <= 300, `too long: ${message.length}`);
          assert.ok(!/[\r\n]/.test(message), 'more than one line');
        }
      }),
      { numRuns: 400, seed: 15 },
    );
  });

  it('finishes every damaged replay through the session with a status, never a hang', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fixtures), fc.array(mutation, { maxLength: 4 }), async (fixture, mutations) => {
        const session = replaySession(mutate(fixture.bytes, mutations), {
          provider: { id: 'fuzz', kind: fixture.kind, baseUrl: 'http://127.0.0.1:9', model: 'fuzz', needsKey: false, reasoningStyle: 'none', streamOptions: false, reasoningReplay: 'omit' },
          request: { messages: [{ role: 'user', content: 'x' }] },
          maxEventBytes: MAX_EVENT_BYTES,
        });
        let timer: NodeJS.Timeout | undefined;
        const hang = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${fixture.name}: the replay did not finish within 10 s`)), 10_000);
        });
        try {
          const result = await Promise.race([session.result, hang]);
          assert.ok(['done', 'error', 'truncated'].includes(result.status), result.status);
          if (result.status === 'error') assert.ok(result.error?.message);
        } finally {
          clearTimeout(timer);
        }
      }),
      { numRuns: 150, seed: 16 },
    );
  });
});

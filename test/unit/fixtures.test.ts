import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { StreamDecoder } from '../../src/core/providers/decoder';
import type { ProviderKind, StreamEvent } from '../../src/core/types';
import { CHAT_ROUTES } from '../support/fixtureCatalog';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

interface Expected {
  kind: ProviderKind;
  model?: string;
  reasoning: string;
  content: string;
  usage: { inputTokens?: number; outputTokens?: number; reasoningTokens?: number; cost?: number } | null;
  finish: string | null;
  error: { messageIncludes: string; status?: number } | null;
  /** How many times the provider said it withheld reasoning. */
  redacted?: number;
  notes?: string;
}

const manifest: Record<string, Expected> = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8'));

function decode(bytes: Uint8Array, exp: Expected, cuts: number[] = []): StreamEvent[] {
  const events: StreamEvent[] = [];
  const d = new StreamDecoder({ kind: exp.kind, model: exp.model, emit: (e) => events.push(e) });
  let prev = 0;
  for (const c of [...cuts, bytes.length]) {
    d.push(bytes.subarray(prev, c));
    prev = c;
  }
  d.end();
  return events;
}

function summarize(events: StreamEvent[]) {
  let reasoning = '';
  let content = '';
  let usage: StreamEvent | undefined;
  let finish: string | null = null;
  let redacted = 0;
  const errors: Extract<StreamEvent, { type: 'error' }>[] = [];
  for (const e of events) {
    if (e.type === 'reasoning') reasoning += e.text;
    else if (e.type === 'content') content += e.text;
    else if (e.type === 'usage') usage = e;
    else if (e.type === 'finish') finish ??= e.reason;
    else if (e.type === 'redacted') redacted++;
    else errors.push(e);
  }
  return { reasoning, content, usage, finish, errors, redacted };
}

describe('every recorded provider stream decodes to what its format documents', () => {
  for (const [name, exp] of Object.entries(manifest)) {
    it(`${name}: ${exp.notes?.split('.')[0] ?? ''}`, () => {
      const bytes = fs.readFileSync(path.join(FIXTURES, name));
      const got = summarize(decode(bytes, exp));
      assert.equal(got.reasoning, exp.reasoning, 'reasoning');
      assert.equal(got.content, exp.content, 'answer');
      assert.equal(got.redacted, exp.redacted ?? 0, 'redacted reasoning events');
      if (exp.error) {
        assert.equal(got.errors.length, 1, 'exactly one error event');
        assert.ok(got.errors[0].message.includes(exp.error.messageIncludes), got.errors[0].message);
        if (exp.error.status !== undefined) assert.equal(got.errors[0].status, exp.error.status);
      } else {
        assert.deepEqual(got.errors, [], 'no error');
        assert.equal(got.finish, exp.finish, 'finish reason');
      }
      if (exp.usage) {
        const { type: _t, ...u } = got.usage as any;
        const defined = Object.fromEntries(Object.entries(u).filter(([, v]) => v !== undefined));
        assert.deepEqual(defined, exp.usage, 'usage');
      } else {
        assert.equal(got.usage, undefined, 'no usage');
      }
    });
  }

  it('the manifest covers every fixture on disk', () => {
    const onDisk = CHAT_ROUTES.flatMap((d) =>
      fs.readdirSync(path.join(FIXTURES, d)).map((f) => `${d}/${f}`),
    );
    assert.deepEqual(onDisk.filter((f) => !(f in manifest)), []);
  });
});

describe('network chunking never changes the events (property, every fixture)', () => {
  const names = Object.keys(manifest);
  it(`random byte-level splits of ${names.length} fixtures yield identical event lists`, () => {
    const whole = new Map(names.map((n) => {
      const bytes = fs.readFileSync(path.join(FIXTURES, n));
      return [n, { bytes, events: decode(bytes, manifest[n]) }];
    }));
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }),
        (name, fractions) => {
          const { bytes, events } = whole.get(name)!;
          const cuts = [...new Set(fractions.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
          assert.deepEqual(decode(bytes, manifest[name], cuts), events);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('one byte at a time yields identical event lists for every fixture', () => {
    for (const name of names) {
      const bytes = fs.readFileSync(path.join(FIXTURES, name));
      if (bytes.length > 64 * 1024) continue;
      const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
      assert.deepEqual(decode(bytes, manifest[name], cuts), decode(bytes, manifest[name]), name);
    }
  });
});

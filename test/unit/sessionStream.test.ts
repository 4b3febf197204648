import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChatSession, replaySession, type SessionEvent, type SessionResult } from '../../src/core/session/session';
import { providerFromKind } from '../../src/core/providers/presets';
import { findFixturesDir } from '../support/fixtureCatalog';

// The session is one async iterable; `result` is derived from the same run. These
// tests hold it to never letting one way of reading starve the other.

const fixture = (name: string) => readFileSync(join(findFixturesDir(), name));
const provider = providerFromKind('openai', 'http://127.0.0.1:9/v1', 'deepseek-reasoner');

function replay(name = 'openai/long-deepseek.sse'): ChatSession {
  return replaySession(fixture(name), { provider, request: { messages: [{ role: 'user', content: 'x' }] } });
}

/** The same bytes arriving the way a network gives them: small reads, a turn of the event loop apart. */
function trickle(name = 'openai/long-deepseek.sse'): ChatSession {
  const bytes = fixture(name);
  return new ChatSession({ provider, request: { messages: [{ role: 'user', content: 'x' }] } }, async (signal) => ({
    body: (async function* () {
      for (let i = 0; i < bytes.length && !signal.aborted; i += 200) {
        await new Promise((r) => setImmediate(r));
        yield bytes.subarray(i, i + 200);
      }
    })(),
  }));
}

async function collect(s: AsyncIterable<SessionEvent>): Promise<SessionEvent[]> {
  const out: SessionEvent[] = [];
  for await (const e of s) out.push(e);
  return out;
}

function textOf(events: SessionEvent[], type: 'reasoning' | 'content'): string {
  return events.map((e) => (e.type === type ? e.text : '')).join('');
}

/** Rejects instead of hanging forever when a reader is starved. */
function within<T>(p: Promise<T>, ms = 5000): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`starved: nothing after ${ms} ms`)), ms).unref())]);
}

function assertWhole(events: SessionEvent[], result: SessionResult): void {
  assert.equal(result.status, 'done');
  assert.ok(result.reasoning.length > 1000 && result.content.length > 100, 'the long transcript arrived');
  assert.equal(textOf(events, 'reasoning'), result.reasoning, 'the loop carried every reasoning character');
  assert.equal(textOf(events, 'content'), result.content, 'the loop carried every answer character');
  const last = events[events.length - 1];
  assert.ok(last.type === 'end' && last.result === result, 'the loop ends with the very result');
}

describe('ChatSession: one stream, result derived from it', () => {
  it('result first, then iterate: the late loop still gets every event from the start', async () => {
    const s = replay();
    const result = await within(s.result);
    const events = await within(collect(s));
    assertWhole(events, result);
    assert.equal(events[0].type, 'phase');
  });

  it('iterate first, then result', async () => {
    const s = replay();
    const events = await within(collect(s));
    const result = await within(s.result);
    assertWhole(events, result);
  });

  it('both together, and a second loop beside the first, see the same events', async () => {
    const s = trickle();
    const [result, a, b] = await within(Promise.all([s.result, collect(s), collect(s)]));
    assertWhole(a, result);
    assert.deepEqual(b, a);
  });

  it('a loop that waits between reads still receives everything, in order', async () => {
    const s = trickle();
    const events: SessionEvent[] = [];
    for await (const e of s) {
      events.push(e);
      if (events.length % 50 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    assertWhole(events, await s.result);
  });

  it('leaving the loop early cancels the request and keeps what came', async () => {
    const s = trickle();
    let seen = '';
    for await (const e of s) {
      if (e.type === 'reasoning') seen += e.text;
      if (seen.length > 200) break;
    }
    const result = await within(s.result);
    assert.equal(result.status, 'cancelled');
    assert.ok(result.reasoning.startsWith(seen), 'nothing received before the break is lost');
  });

  it('partial text is readable while the stream runs, from the one copy the session holds', async () => {
    const s = trickle();
    let checked = 0;
    let reasoning = '';
    for await (const e of s) {
      if (e.type !== 'reasoning') continue;
      reasoning += e.text;
      // The session may be ahead of this loop (it never waits for a slow reader), never behind.
      if (checked++ % 25 === 0) assert.ok(s.reasoning.startsWith(reasoning));
    }
    assert.ok(checked > 25);
  });
});

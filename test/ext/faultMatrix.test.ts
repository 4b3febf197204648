// Every row of the fault matrix through the real extension: the request goes out
// through the Ask path with the user's settings, and afterwards the chat turn, the
// transcript, the status bar, the saved conversation and the next request are
// checked as a person would find them. RELIABILITY.md lists the same rows.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TurnState } from '../../src/protocol';
import type { ThinkstreamApi, ThinkstreamTestApi } from '../../src/vscode/testApi';
import { blackHole, closedPort, type BlackHole } from '../support/faultServers';
import { FakeProvider } from '../support/fakeProvider';
import { MATRIX_SETTINGS, ROWS, type FaultRow, type MatrixContext } from './faultMatrix/rows';

const KEY = 'sk-matrix-7d1c0b9a8e6f5d4c3b2a';
const KINDS = ['openai', 'responses', 'anthropic', 'gemini', 'ollama'] as const;

describe('fault matrix through the extension', function () {
  this.timeout(60_000);
  let t: ThinkstreamTestApi;
  let ctx: MatrixContext;
  let tlsHole: BlackHole;
  let proxyHole: BlackHole;
  const touched = new Set<string>();
  const keyed: { id: string; baseUrl: string }[] = [];

  async function set(name: string, value: unknown): Promise<void> {
    const dot = name.indexOf('.');
    await vscode.workspace.getConfiguration(name.slice(0, dot)).update(name.slice(dot + 1), value, vscode.ConfigurationTarget.Global);
    touched.add(name);
  }

  function baseUrlOf(kind: (typeof KINDS)[number], origin: string): string {
    // The SDKs' base URLs: OpenAI's two protocols end in /v1, the others are the server root.
    return kind === 'openai' || kind === 'responses' ? `${origin}/v1` : origin;
  }

  async function useProvider(row: FaultRow | undefined): Promise<void> {
    const kind = row?.kind ?? 'openai';
    const baseUrl = row?.baseUrl?.(ctx) ?? baseUrlOf(kind, ctx.fake.url);
    await set('thinkstream.providers', [{ id: `matrix-${kind}`, kind, baseUrl, model: 'matrix-model' }]);
    await set('thinkstream.activeProvider', `matrix-${kind}`);
  }

  before(async () => {
    const fake = await FakeProvider.start();
    const other = await FakeProvider.start();
    tlsHole = await blackHole();
    proxyHole = await blackHole();
    ctx = { fake, other, closedPort: await closedPort(), tlsHolePort: tlsHole.port, proxyHolePort: proxyHole.port };
    const api = (await vscode.extensions.getExtension<ThinkstreamApi>('thinkstream.thinkstream')!.activate()) as ThinkstreamApi;
    t = api._test;
    for (const [name, value] of Object.entries(MATRIX_SETTINGS)) await set(name, value);
  });

  after(async () => {
    await t.newChat();
    for (const name of touched) await set(name, undefined);
    for (const target of keyed) await t.keys.remove(target);
    await ctx.fake.close();
    await ctx.other.close();
    await tlsHole.close();
    await proxyHole.close();
  });

  it(`has at least 40 faults (${ROWS.length})`, () => {
    assert.ok(ROWS.length >= 40);
    assert.equal(new Set(ROWS.map((r) => r.id)).size, ROWS.length, 'row ids are unique');
  });

  for (const row of ROWS) {
    it(`${row.id} ${row.fault}`, async () => {
      await t.newChat();
      await useProvider(row);
      const overrides = row.settings?.(ctx) ?? {};
      for (const [name, value] of Object.entries(overrides)) await set(name, value);
      const kind = row.kind ?? 'openai';
      const target = { id: `matrix-${kind}`, baseUrl: row.baseUrl?.(ctx) ?? baseUrlOf(kind, ctx.fake.url) };
      await t.keys.store(target, KEY);
      keyed.push(target);
      try {
        const expected = row.expect(ctx);
        const firstRequest = ctx.fake.requests.length;
        const otherBefore = ctx.other.requests.length;
        ctx.fake.enqueue(...(row.scenarios?.(ctx) ?? []));
        const transcriptBefore = t.transcript().length;

        const turn = await t.ask(`fault ${row.id}`);

        // What the chat shows: the turn's state, its message, and every word that arrived.
        assert.equal(turn.state, expected.state, `state; the chat says: ${turn.error ?? '(no error)'}`);
        if (expected.message) assert.match(turn.error ?? '', expected.message);
        else assert.equal(turn.error, undefined);
        assert.equal(turn.reasoning, expected.reasoning, 'the reasoning shown is not exactly what arrived');
        assert.equal(turn.content, expected.content, 'the answer shown is not exactly what arrived');
        assert.ok(!(turn.error ?? '').includes(KEY), 'the key is in the message');

        // The transcript says the same.
        const transcript = t.transcript().slice(transcriptBefore);
        if (expected.state === 'error') {
          assert.ok(transcript.includes(`[error] ${turn.error}\n`), `the transcript lacks the message:\n${transcript.slice(-800)}`);
          assert.match(transcript, /\n── error · [^\n]* ──\n/);
        } else {
          assert.match(transcript, /\n── done · [^\n]* ──\n/);
        }
        if (expected.content) assert.ok(transcript.includes(expected.content.slice(-60)), 'the transcript lost the answer');
        if (expected.attempts !== undefined && expected.attempts > 1) {
          assert.match(transcript, new RegExp(`\n── (?:done|error) · [^\n]* · ${expected.attempts} attempts ──\n`), 'the transcript does not count the attempts');
          if (expected.state === 'error') assert.ok(transcript.includes(`(after ${expected.attempts} attempts)`), transcript.slice(-400));
        }
        assert.ok(!transcript.includes(KEY), 'the key is in the transcript');

        // The spinner is gone and the turn is saved as it ended.
        assert.equal(t.busy(), false, 'still busy');
        assert.doesNotMatch(t.statusText(), /loading~spin/);
        const saved = (await t.savedTurns()).find((s: TurnState) => s.id === turn.id);
        assert.ok(saved, 'the turn was not saved');
        assert.deepEqual(
          { state: saved.state, error: saved.error, reasoning: saved.reasoning, content: saved.content },
          { state: turn.state, error: turn.error, reasoning: turn.reasoning, content: turn.content },
        );

        // The server saw what it should, and the key went nowhere else.
        const requests = ctx.fake.requests.slice(firstRequest);
        if (expected.requests !== undefined) assert.equal(requests.length, expected.requests, 'requests the server saw');
        assert.equal(ctx.other.requests.length, otherBefore, 'a request reached the other origin');
        if (expected.attempts !== undefined) assert.equal(requests.length, expected.attempts);
      } finally {
        for (const name of Object.keys(overrides)) await set(name, MATRIX_SETTINGS[name]);
      }

      // The next request works.
      await useProvider(undefined);
      ctx.fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
      const next = await t.ask('and now?');
      assert.equal(next.state, 'done', `the next request failed: ${next.error}`);
      assert.equal(next.content, 'Hello!');
    });
  }
});

// One clock: the status bar and the chat header show the same seconds, and the status
// bar speaks in words; live timing rides on each tick and is saved with the turn.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HostMessage } from '../../src/protocol';
import type { ThinkstreamTestApi } from '../../src/vscode/testApi';
import { FakeProvider } from '../support/fakeProvider';
import { useFakeProvider } from './fakeProviderHooks';
import { until } from './until';

describe('the one clock and live metrics', function () {
  this.timeout(60_000);
  let fake: FakeProvider;
  let t: ThinkstreamTestApi;
  useFakeProvider((f, api) => {
    fake = f;
    t = api;
  });

  it('ticks the same seconds to the status bar and the chat, with live metrics, then saves the final ones', async () => {
    await t.newChat();
    const seen: HostMessage[] = [];
    const stop = t.watchPosts((m) => seen.push(m));
    try {
      fake.enqueue({ fixture: 'openai/long-deepseek.sse', chunking: { seed: 5, byEvent: true }, pacing: { perChunkMs: 4 } });
      const asked = t.ask('Tick tock');
      const tick = await until(
        'a tick at 2 s',
        () => seen.find((m): m is Extract<HostMessage, { type: 'tick' }> => m.type === 'tick' && m.elapsedSec >= 2),
        15_000,
      );
      assert.match(t.statusText(), new RegExp(` ${tick.elapsedSec}s$`), `status "${t.statusText()}" vs tick ${tick.elapsedSec}`);
      assert.match(t.statusAccessibilityLabel(), /^Thinkstream: (waiting|thinking|answering), \d+ seconds?, deepseek-reasoner\. Cancel request\.$/);
      assert.ok(!/loading|spin|\$\(/.test(t.statusAccessibilityLabel()));
      assert.equal(tick.metrics?.live, true);
      assert.ok(tick.metrics?.ttftMs !== undefined && tick.metrics.outputTokens! > 0, JSON.stringify(tick.metrics));
      const ticks = seen.filter((m) => m.type === 'tick').map((m) => (m as { elapsedSec: number }).elapsedSec);
      assert.deepEqual(ticks, [...ticks].sort((a, b) => a - b), 'the clock went backwards');
      const turn = await asked;
      assert.equal(turn.state, 'done');
      const m = turn.metrics!;
      assert.equal(m.live, undefined);
      for (const key of ['ttftMs', 'thinkingMs', 'answerMs', 'totalMs', 'outputTokens'] as const) assert.ok(m[key] !== undefined, `${key} missing from ${JSON.stringify(m)}`);
      assert.ok(m.thinkingMs! + m.answerMs! <= m.totalMs! + 0.2);
      const steps = seen.filter((x) => x.type === 'step');
      assert.ok(steps.length > 0, 'no reasoning step was sent');
      assert.deepEqual(turn.steps?.map((s) => s.index), steps.map((x) => (x as { step: { index: number } }).step.index));
      assert.match(t.statusAccessibilityLabel(), /^Thinkstream model: deepseek-reasoner on fake\. Select a model\.$/);
    } finally {
      stop();
    }
  });
});

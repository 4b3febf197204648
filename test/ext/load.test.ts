// Load and cancel storms in the real extension host: many requests one after
// another, many at once from the side-bar and editor chats, and cancels at random
// points. Afterwards nothing may be left behind: no socket open at the server, no
// unhandled rejection, no timer still running, no heap growth past 10 % after GC,
// and the conversation saved intact and within its bounds.
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { ThinkstreamApi, ThinkstreamTestApi } from '../../src/vscode/testApi';
import { seededRandom } from '../support/chunking';
import { FakeProvider } from '../support/fakeProvider';
import { until } from './until';

const SMALL = 'openai/deepseek-reasoner.sse';
const LONG = 'openai/long-deepseek.sse';

/** A real GC, so heap figures measure what is kept, not what is merely uncollected. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

describe('load and cancel storms', function () {
  this.timeout(240_000);
  let t: ThinkstreamTestApi;
  let fake: FakeProvider;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  const config = () => vscode.workspace.getConfiguration('thinkstream');
  const gc = collector();
  let heapBefore = 0;
  let timersBefore = 0;

  before(async () => {
    fake = await FakeProvider.start();
    const api = (await vscode.extensions.getExtension<ThinkstreamApi>('thinkstream.thinkstream')!.activate()) as ThinkstreamApi;
    t = api._test;
    await config().update('providers', [{ id: 'load', kind: 'openai', baseUrl: `${fake.url}/v1`, model: 'deepseek-reasoner' }], vscode.ConfigurationTarget.Global);
    await config().update('activeProvider', 'load', vscode.ConfigurationTarget.Global);
    await config().update('retries', 0, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('thinkstream.openChatInEditor');
    await vscode.commands.executeCommand('workbench.view.extension.thinkstream');
    await until('the side-bar and editor chats to attach', () => t.attachedViews() >= 2, 20_000);
    process.on('unhandledRejection', onRejection);
    await t.newChat();
    // Warm up every path once, so the baseline already holds what is loaded lazily.
    for (let i = 0; i < 20; i++) {
      fake.enqueue({ fixture: SMALL });
      await t.ask(`warm-up ${i}`);
    }
    await t.newChat();
    await settle();
    heapBefore = process.memoryUsage().heapUsed;
    timersBefore = activeTimers();
  });

  after(async () => {
    process.off('unhandledRejection', onRejection);
    await t.newChat();
    for (const key of ['providers', 'activeProvider', 'retries']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });

  async function settle(): Promise<void> {
    await until('every socket at the server to close', () => fake.openSockets() === 0, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    gc();
  }

  it('answers 200 requests in a row', async () => {
    const first = fake.requests.length;
    for (let i = 0; i < 200; i++) {
      fake.enqueue({ fixture: SMALL });
      const turn = await t.ask(`sequential ${i}`);
      assert.equal(turn.state, 'done', `request ${i}: ${turn.error}`);
      assert.equal(turn.content, 'Hello!');
    }
    assert.equal(fake.requests.length - first, 200);
  });

  it('ends 20 questions sent at once from the side-bar and editor chats, the last one answered', async () => {
    await t.newChat();
    for (let i = 0; i < 20; i++) fake.enqueue({ fixture: LONG, chunking: { seed: i + 1, byEvent: true }, pacing: { perChunkMs: 1 } });
    const asked: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      // Half come in as a chat view's composer posts them, half through the command path.
      if (i % 2 === 0) t.receive({ type: 'send', text: `concurrent ${i}` });
      else asked.push(t.ask(`concurrent ${i}`));
    }
    await Promise.all(asked);
    await until('all 20 turns to end', () => t.turns().length === 20 && t.turns().every((x) => x.state !== 'streaming') && !t.busy(), 60_000);
    const turns = t.turns();
    // A newer question cancels the one streaming: every turn but the last ends cancelled or done.
    for (const turn of turns.slice(0, -1)) assert.ok(turn.state === 'cancelled' || turn.state === 'done', `${turn.prompt}: ${turn.state} ${turn.error ?? ''}`);
    assert.equal(turns.at(-1)!.state, 'done', turns.at(-1)!.error);
    assert.doesNotMatch(t.statusText(), /loading~spin/);
  });

  it('keeps an exact prefix of the answer through 100 cancels at random points', async () => {
    await t.newChat();
    const random = seededRandom(2026);
    let reference: { reasoning: string; content: string } | undefined;
    fake.enqueue({ fixture: LONG });
    const whole = await t.ask('the whole answer, for reference');
    assert.equal(whole.state, 'done');
    reference = { reasoning: whole.reasoning, content: whole.content };
    let cancelled = 0;
    for (let i = 0; i < 100; i++) {
      fake.enqueue({ fixture: LONG, chunking: { seed: i + 7, byEvent: true }, pacing: { perChunkMs: 1, jitterMs: 2 } });
      const asked = t.ask(`cancel ${i}`);
      await new Promise((r) => setTimeout(r, Math.floor(random() * 120)));
      t.cancel();
      const turn = await asked;
      assert.ok(turn.state === 'cancelled' || turn.state === 'done', `cancel ${i}: ${turn.state} ${turn.error ?? ''}`);
      if (turn.state === 'cancelled') cancelled++;
      assert.ok(reference.reasoning.startsWith(turn.reasoning), `cancel ${i}: the reasoning kept is not a prefix of the answer`);
      assert.ok(reference.content.startsWith(turn.content), `cancel ${i}: the answer kept is not a prefix`);
      assert.equal(t.busy(), false);
    }
    assert.ok(cancelled >= 80, `only ${cancelled} of 100 were still streaming when cancelled`);
  });

  it('leaves no socket, no rejection, no timer and no heap growth behind', async () => {
    await t.newChat();
    await settle();
    assert.equal(fake.openSockets(), 0);
    assert.deepEqual(rejections.map(String), [], 'unhandled rejections');
    const timers = activeTimers();
    // The workbench keeps a few timers of its own; 330 requests leaking one each would show.
    assert.ok(timers <= timersBefore + 5, `timers: ${timersBefore} before, ${timers} after`);
    const heapAfter = process.memoryUsage().heapUsed;
    const growth = (heapAfter - heapBefore) / heapBefore;
    console.log(`heap after GC: ${(heapBefore / 1048576).toFixed(1)} MiB before, ${(heapAfter / 1048576).toFixed(1)} MiB after (${(growth * 100).toFixed(1)} %); timers ${timersBefore} → ${timers}`);
    assert.ok(growth <= 0.1, `heap grew ${(growth * 100).toFixed(1)} %`);
  });

  it('keeps the conversations saved, readable and within their bounds', async () => {
    fake.enqueue({ fixture: SMALL });
    const turn = await t.ask('after the storm');
    assert.equal(turn.state, 'done');
    const saved = await t.savedTurns();
    assert.deepEqual(
      saved.map((s) => [s.id, s.state, s.content]),
      t.turns().map((s) => [s.id, s.state, s.content]),
    );
    const list = t.conversations();
    assert.ok(list.length > 0 && list.length <= 200, `${list.length} conversations kept`);
    for (const c of list) assert.ok(c.turnCount <= 200, `${c.id} holds ${c.turnCount} turns`);
  });
});

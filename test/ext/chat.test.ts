// Asking end to end inside the real extension host, against the fake provider: the
// turn, the transcript, the status bar, cancel, errors and keys.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TurnState } from '../../src/protocol';
import type { ThinkstreamApi, ThinkstreamTestApi } from '../../src/vscode/testApi';
import { FakeProvider, openAiError } from '../support/fakeProvider';
import { until } from './until';

const KEY = 'sk-test-9f8e7d6c5b4a39281706';

describe('asking the fake provider', function () {
  this.timeout(60_000);
  let fake: FakeProvider;
  let t: ThinkstreamTestApi;
  const config = () => vscode.workspace.getConfiguration('thinkstream');
  const target = () => ({ id: 'fake', baseUrl: `${fake.url}/v1` });

  async function useProviders(...extra: object[]): Promise<void> {
    const providers = [{ id: 'fake', kind: 'openai', baseUrl: `${fake.url}/v1`, model: 'deepseek-reasoner' }, ...extra];
    await config().update('providers', providers, vscode.ConfigurationTarget.Global);
  }

  /** Runs Ask Model with a prompt argument and accepts the pre-filled box, as a person pressing Enter. */
  async function askThroughCommand(prompt: string): Promise<TurnState> {
    const count = t.turns().length;
    const ran = vscode.commands.executeCommand('thinkstream.ask', prompt);
    await until('the question to be accepted', () => {
      if (t.turns().length > count) return true;
      void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return false;
    });
    await ran;
    return t.turns().at(-1)!;
  }

  before(async () => {
    fake = await FakeProvider.start();
    const api = (await vscode.extensions.getExtension<ThinkstreamApi>('thinkstream.thinkstream')!.activate()) as ThinkstreamApi;
    t = api._test;
    await useProviders();
    await config().update('activeProvider', 'fake', vscode.ConfigurationTarget.Global);
    await config().update('outputChannel.mirror', 'answerAndReasoning', vscode.ConfigurationTarget.Global);
  });

  beforeEach(async () => {
    await t.newChat();
  });

  after(async () => {
    await t.newChat();
    await t.keys.remove(target());
    for (const key of ['providers', 'activeProvider', 'outputChannel.mirror', 'model']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await fake.close();
  });

  it('streams reasoning and answer into a finished turn with metrics', async () => {
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    const turn = await t.ask('Say hello');
    assert.equal(turn.state, 'done');
    assert.equal(turn.reasoning, 'Hmm, a greeting.');
    assert.equal(turn.content, 'Hello!');
    assert.equal(turn.provider, 'fake');
    assert.equal(turn.model, 'deepseek-reasoner');
    assert.ok(turn.metrics?.totalMs !== undefined && turn.metrics.totalMs >= 0);
    assert.equal(turn.metrics?.outputTokens, 169);
    assert.ok(turn.reasoningMs !== undefined);
    assert.deepEqual(t.turns().map((x) => x.id), [turn.id]);
    assert.equal(t.busy(), false);
  });

  it('mirrors the request into the output channel transcript', async () => {
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    await t.ask('Transcript check');
    const text = t.transcript();
    assert.ok(text.includes(`── Ask · fake · deepseek-reasoner · ${fake.url} ──\nTranscript check\n`), text.slice(-600));
    assert.match(text, /\[reasoning\]\nHmm, a greeting\.\n\[answer\]\nHello!\n── done · [^\n]*\d+\.\d+s total ──/);
  });

  it('leaves reasoning out of the transcript when the mirror says answer only', async () => {
    await config().update('outputChannel.mirror', 'answer', vscode.ConfigurationTarget.Global);
    try {
      const before = t.transcript().length;
      fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
      await t.ask('Answer only');
      const added = t.transcript().slice(before);
      assert.ok(added.includes('[answer]\nHello!'));
      assert.ok(!added.includes('[reasoning]'));
      assert.ok(!added.includes('Hmm, a greeting.'));
    } finally {
      await config().update('outputChannel.mirror', 'answerAndReasoning', vscode.ConfigurationTarget.Global);
    }
  });

  it('writes no transcript unless the mirror is turned on, and clears it when turned off', async () => {
    assert.ok(t.transcript().length > 0, 'earlier tests mirrored something');
    await config().update('outputChannel.mirror', undefined, vscode.ConfigurationTarget.Global);
    try {
      await until('turning the mirror off to clear what it held', () => t.transcript() === '');
      fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
      await t.ask('Not mirrored');
      assert.equal(t.transcript(), '');
    } finally {
      await config().update('outputChannel.mirror', 'answerAndReasoning', vscode.ConfigurationTarget.Global);
    }
  });

  it('sends earlier answers back as history, without reasoning unless the provider replays it', async () => {
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' }, { fixture: 'openai/deepseek-reasoner.sse' });
    const first = fake.requests.length;
    await t.ask('First question');
    await t.ask('Second question');
    const messages = fake.requests[first + 1].body.messages;
    assert.deepEqual(messages, [
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'Second question' },
    ]);

    await useProviders({ id: 'fake', kind: 'openai', baseUrl: `${fake.url}/v1`, model: 'deepseek-reasoner', reasoningReplay: 'reasoning_content' });
    try {
      fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
      await t.ask('Third question');
      const replayed = fake.requests[first + 2].body.messages;
      assert.equal(replayed.length, 5);
      assert.equal(replayed[1].reasoning_content, 'Hmm, a greeting.');
    } finally {
      await useProviders();
    }
  });

  it('skips failed turns when building history', async () => {
    fake.enqueue(openAiError(500, 'boom'), { fixture: 'openai/deepseek-reasoner.sse' });
    const first = fake.requests.length;
    await config().update('retries', 0, vscode.ConfigurationTarget.Global);
    try {
      const failed = await t.ask('This one fails');
      assert.equal(failed.state, 'error');
      await t.ask('Next');
      assert.deepEqual(fake.requests.at(-1)!.body.messages, [{ role: 'user', content: 'Next' }]);
      assert.equal(fake.requests.length - first, 2);
    } finally {
      await config().update('retries', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('shows the phase and seconds in the status bar while streaming, and the model when idle', async () => {
    assert.equal(t.statusText(), '$(hubot) deepseek-reasoner');
    assert.match(t.statusTooltip(), /fake/);
    fake.enqueue({ fixture: 'openai/long-deepseek.sse', chunking: { seed: 1, byEvent: true }, pacing: { perChunkMs: 15 } });
    const asked = t.ask('Long one');
    const text = await until('a busy status', () => /^\$\(loading~spin\) (Waiting|Thinking|Answering) \d+s$/.test(t.statusText()) && t.statusText());
    assert.ok(text);
    await until('the Thinking phase', () => t.statusText().includes('Thinking'));
    assert.match(t.statusTooltip(), /deepseek-reasoner.*fake[\s\S]*Click to cancel/);
    assert.equal(t.busy(), true);
    await vscode.commands.executeCommand('thinkstream.cancel');
    await asked;
    assert.equal(t.statusText(), '$(hubot) deepseek-reasoner');
    assert.equal(t.busy(), false);
  });

  it('cancels mid-stream: keeps the partial text, marks the turn, clears busy, closes the socket', async () => {
    fake.enqueue({ fixture: 'openai/long-deepseek.sse', chunking: { seed: 2, byEvent: true }, pacing: { perChunkMs: 10 } });
    const index = fake.requests.length;
    const asked = t.ask('Explain debounce');
    const seen = await until('some reasoning', () => {
      const r = t.turns().at(-1)?.reasoning ?? '';
      return r.length > 200 && r;
    });
    await vscode.commands.executeCommand('thinkstream.cancel');
    const turn = await asked;
    assert.equal(turn.state, 'cancelled');
    assert.ok(turn.reasoning.startsWith(seen), 'the partial reasoning was not kept');
    assert.ok(turn.reasoning.startsWith('Okay, the user pasted a TypeScript debounce helper'));
    assert.equal(t.busy(), false);
    assert.equal(t.turns().at(-1)!.state, 'cancelled');
    await fake.waitForClose(index, 5000);
    assert.match(t.transcript(), /── cancelled · [^\n]*\d+\.\d+s total ──/);

    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    const next = await t.ask('Still working?');
    assert.equal(next.state, 'done');
    assert.equal(next.content, 'Hello!');
  });

  it('cancels the running request when a new one is asked', async () => {
    fake.enqueue({ fixture: 'openai/long-deepseek.sse', chunking: { seed: 3, byEvent: true }, pacing: { perChunkMs: 10 } }, { fixture: 'openai/deepseek-reasoner.sse' });
    const index = fake.requests.length;
    const first = t.ask('Long');
    await until('some reasoning', () => (t.turns().at(-1)?.reasoning.length ?? 0) > 0);
    const second = t.ask('Short');
    assert.equal((await first).state, 'cancelled');
    assert.equal((await second).state, 'done');
    await fake.waitForClose(index, 5000);
  });

  it('keeps the partial answer when the stream fails midway', async () => {
    fake.enqueue({ fixture: 'openai/midstream-error-done.sse' });
    const turn = await t.ask('Midstream');
    assert.equal(turn.state, 'error');
    assert.equal(turn.content, 'The answer is');
    assert.match(turn.error ?? '', /The server had an error/);
    assert.ok(t.transcript().includes('[error]'));
  });

  it('reports a 401 with the provider message, sends the key only to its origin, and never shows it', async () => {
    await t.keys.store(target(), KEY);
    fake.enqueue(openAiError(401, `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.example.com/account/api-keys.`));
    const index = fake.requests.length;
    const turn = await t.ask('With a bad key');
    assert.equal(fake.requests[index].headers.authorization, `Bearer ${KEY}`);
    assert.equal(turn.state, 'error');
    assert.match(turn.error ?? '', /401/);
    assert.match(turn.error ?? '', /Incorrect API key provided/);
    assert.ok(!(turn.error ?? '').includes(KEY), 'the key leaked into the error');
    assert.ok(!t.transcript().includes(KEY), 'the key leaked into the transcript');
    assert.ok(!JSON.stringify(t.turns()).includes(KEY), 'the key leaked into the turns');
    await t.keys.remove(target());
  });

  it('refuses to send unkeyed to a provider that needs a key', async () => {
    await useProviders({ id: 'fake-keyed', kind: 'openai', baseUrl: `${fake.url}/v1`, model: 'deepseek-reasoner', needsKey: true });
    await config().update('activeProvider', 'fake-keyed', vscode.ConfigurationTarget.Global);
    try {
      const before = fake.requests.length;
      const turn = await t.ask('No key');
      assert.equal(turn.state, 'error');
      assert.match(turn.error ?? '', /API key/);
      assert.equal(fake.requests.length, before, 'the request went out without a key');
    } finally {
      await config().update('activeProvider', 'fake', vscode.ConfigurationTarget.Global);
      await useProviders();
    }
  });

  it('ignores a workspace that tries to redirect the endpoint', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const file = vscode.Uri.joinPath(folder, '.vscode', 'settings.json');
    const evil = { 'thinkstream.activeProvider': 'openai', 'thinkstream.providers': [{ id: 'fake', kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'x' }] };
    await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify(evil)));
    try {
      await new Promise((r) => setTimeout(r, 1500));
      fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
      const before = fake.requests.length;
      const turn = await t.ask('Where does this go?');
      assert.equal(turn.state, 'done');
      assert.equal(fake.requests.length, before + 1);
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, '.vscode'), { recursive: true });
    }
  });

  it('applies the model override and keeps the provider', async () => {
    await config().update('model', 'finish-length', vscode.ConfigurationTarget.Global);
    try {
      const index = fake.requests.length;
      const turn = await t.ask('Cut off');
      assert.equal(fake.requests[index].body.model, 'finish-length');
      assert.equal(turn.model, 'finish-length');
      assert.equal(turn.state, 'done');
      assert.match(turn.notice ?? '', /cut off/);
      await until('the idle status to follow', () => t.statusText() === '$(hubot) finish-length');
    } finally {
      await config().update('model', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('asks through the command with a prompt argument, once accepted, and shows the chat view', async () => {
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    const before = fake.requests.length;
    const turn = await askThroughCommand('From the command');
    assert.equal(turn.state, 'done');
    assert.equal(turn.prompt, 'From the command');
    assert.equal(fake.requests.length, before + 1);
    await until('the chat view to attach', () => t.attachedViews() > 0, 15_000);
  });

  it('only pre-fills the question from a command argument: nothing is sent until it is accepted', async () => {
    const before = fake.requests.length;
    const ran = vscode.commands.executeCommand('thinkstream.ask', 'Spend the quota');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(fake.requests.length, before);
    assert.equal(t.turns().length, 0);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await ran, undefined, 'the command hands nothing back');
    assert.equal(fake.requests.length, before);
  });

  it('explains the selection with its file, language and line range', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'src', 'math.ts'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 2, doc.lineAt(2).text.length);
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    const index = fake.requests.length;
    assert.equal(await vscode.commands.executeCommand('thinkstream.explainSelection'), undefined, 'the command hands nothing back');
    const turn = t.turns().at(-1);
    assert.ok(turn);
    assert.deepEqual(
      { file: turn.ref?.file, startLine: turn.ref?.startLine, endLine: turn.ref?.endLine },
      { file: path.posix.join('src', 'math.ts'), startLine: 1, endLine: 3 },
    );
    assert.equal(turn.ref?.uri, doc.uri.toString());
    const sent: string = fake.requests[index].body.messages.at(-1).content;
    assert.ok(sent.includes('export function mean(values: number[]): number {'));
    assert.ok(sent.includes('typescript'));
    assert.ok(sent.includes('src/math.ts'));
    assert.ok(sent.includes('lines 1-3'));
  });

  it('sends the selection along with Ask Model', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'src', 'greet.py'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 1, doc.lineAt(1).text.length);
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    const index = fake.requests.length;
    const turn = await askThroughCommand('What does this do?');
    assert.equal(turn.prompt, 'What does this do?');
    assert.equal(turn.ref?.file, 'src/greet.py');
    const sent: string = fake.requests[index].body.messages.at(-1).content;
    assert.ok(sent.startsWith('What does this do?'));
    assert.ok(sent.includes('def greet(name):'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

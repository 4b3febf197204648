// What the chat view's messages do on the host side, sent through the same
// validation as a real webview's, against the fake provider.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ThinkstreamApi, ThinkstreamTestApi } from '../../src/vscode/testApi';
import { FakeProvider, openAiError } from '../support/fakeProvider';
import { until } from './until';

describe('chat view messages', function () {
  this.timeout(60_000);
  let fake: FakeProvider;
  let t: ThinkstreamTestApi;
  const config = () => vscode.workspace.getConfiguration('thinkstream');
  const lastTurn = () => t.turns().at(-1);

  before(async () => {
    fake = await FakeProvider.start();
    t = ((await vscode.extensions.getExtension<ThinkstreamApi>('thinkstream.thinkstream')!.activate()) as ThinkstreamApi)._test;
    await config().update('providers', [{ id: 'fake', kind: 'openai', baseUrl: `${fake.url}/v1`, model: 'deepseek-reasoner' }], vscode.ConfigurationTarget.Global);
    await config().update('activeProvider', 'fake', vscode.ConfigurationTarget.Global);
  });

  beforeEach(() => t.newChat());

  after(async () => {
    await t.newChat();
    await config().update('providers', undefined, vscode.ConfigurationTarget.Global);
    await config().update('activeProvider', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fake.close();
  });

  it('continues the conversation on send', async () => {
    await t.ask('First');
    const index = fake.requests.length;
    t.receive({ type: 'send', text: '  And then?  ' });
    const turn = await until('the follow-up to finish', () => t.turns().length === 2 && lastTurn()!.state === 'done' && lastTurn());
    assert.equal(turn.prompt, 'And then?');
    assert.deepEqual(
      fake.requests[index].body.messages.map((m: any) => m.role),
      ['user', 'assistant', 'user'],
    );
  });

  it('retries a turn as a new turn with the same prompt', async () => {
    fake.enqueue(openAiError(503, 'overloaded'));
    await config().update('retries', 0, vscode.ConfigurationTarget.Global);
    let failed: Awaited<ReturnType<typeof t.ask>>;
    try {
      failed = await t.ask('Flaky');
    } finally {
      await config().update('retries', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(failed.state, 'error');
    t.receive({ type: 'retry', id: failed.id });
    const retried = await until('the retry to finish', () => t.turns().length === 2 && lastTurn()!.state === 'done' && lastTurn());
    assert.equal(retried.prompt, 'Flaky');
    assert.notEqual(retried.id, failed.id);
    assert.equal(t.turns()[0].state, 'error', 'the failed turn stays as it was');
  });

  it('cancels on the view\'s cancel', async () => {
    fake.enqueue({ fixture: 'openai/long-deepseek.sse', chunking: { seed: 4, byEvent: true }, pacing: { perChunkMs: 10 } });
    const asked = t.ask('Long');
    await until('some reasoning', () => (lastTurn()?.reasoning.length ?? 0) > 0);
    t.receive({ type: 'cancel' });
    const turn = await asked;
    assert.equal(turn.state, 'cancelled');
    assert.ok(turn.reasoning.length > 0);
  });

  it('opens and selects the referenced lines on openRef', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'src', 'math.ts'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 2, 2, 10);
    await vscode.commands.executeCommand('thinkstream.explainSelection');
    const turn = lastTurn()!;
    assert.equal(turn.prompt, 'Explain src/math.ts:2-3');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    t.receive({ type: 'openRef', id: turn.id });
    const opened = await until('the file to open', () => vscode.window.activeTextEditor?.document.uri.toString() === doc.uri.toString() && vscode.window.activeTextEditor);
    const sel = opened.selection;
    assert.deepEqual([sel.start.line, sel.start.character, sel.end.line], [1, 0, 2]);
    assert.equal(sel.end.character, doc.lineAt(2).text.length);
  });

  it('copies text to the clipboard', async () => {
    t.receive({ type: 'copy', text: 'copied from the chat' });
    for (let i = 0; i < 40 && (await vscode.env.clipboard.readText()) !== 'copied from the chat'; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(await vscode.env.clipboard.readText(), 'copied from the chat');
  });

  it('ignores malformed messages', async () => {
    const before = fake.requests.length;
    for (const bad of [null, 'send', { type: 'send' }, { type: 'send', text: 42 }, { type: 'openRef' }, { type: 'eval', code: '1' }]) t.receive(bad);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(t.turns().length, 0);
    assert.equal(fake.requests.length, before);
  });

  it('clears the conversation on newChat', async () => {
    await t.ask('Something');
    assert.equal(t.turns().length, 1);
    t.receive({ type: 'newChat' });
    await until('an empty chat', () => t.turns().length === 0);
  });
});

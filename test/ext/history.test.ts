// Conversations that last: New Chat keeps the old one, the history lists and reopens
// it, partial turns are saved with their reasoning and timing, and the files live in
// the extension's storage folder rather than a Memento.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ThinkstreamTestApi } from '../../src/vscode/testApi';
import { FakeProvider } from '../support/fakeProvider';
import { useFakeProvider } from './fakeProviderHooks';
import { until } from './until';

describe('conversation history', function () {
  this.timeout(60_000);
  let fake: FakeProvider;
  let t: ThinkstreamTestApi;
  useFakeProvider((f, api) => {
    fake = f;
    t = api;
  });

  it('keeps the old conversation on New Chat and brings it back, turns and timing intact', async () => {
    await t.newChat();
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' }, { fixture: 'openai/deepseek-reasoner.sse' });
    const first = await t.ask('How do I debounce a resize handler?');
    await t.ask('And throttle it?');
    const oldId = t.conversationId();

    await vscode.commands.executeCommand('thinkstream.newChat');
    assert.notEqual(t.conversationId(), oldId);
    assert.equal(t.turns().length, 0, 'New Chat did not start an empty conversation');
    const listed = t.conversations().find((c) => c.id === oldId);
    assert.ok(listed, 'the old conversation is not in the history');
    assert.equal(listed.title, 'How do I debounce a resize handler?');
    assert.equal(listed.turnCount, 2);

    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    await t.ask('Something else');
    assert.ok(await t.openConversation(oldId));
    const back = t.turns();
    assert.deepEqual(back.map((x) => x.prompt), ['How do I debounce a resize handler?', 'And throttle it?']);
    assert.equal(back[0].reasoning, first.reasoning);
    assert.equal(back[0].content, 'Hello!');
    assert.deepEqual(back[0].metrics, first.metrics, 'the timing was not kept');

    // The reopened conversation goes on: the model sees its earlier turns.
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    const index = fake.requests.length;
    await t.ask('One more');
    assert.equal(fake.requests[index].body.messages.length, 5);
  });

  it('saves a cancelled turn with its partial reasoning and its timing', async () => {
    await t.newChat();
    fake.enqueue({ fixture: 'openai/long-deepseek.sse', chunking: { seed: 4, byEvent: true }, pacing: { perChunkMs: 10 } });
    const asked = t.ask('Think for a while');
    await until('some reasoning', () => (t.turns().at(-1)?.reasoning.length ?? 0) > 300);
    t.cancel();
    const cancelled = await asked;
    assert.equal(cancelled.state, 'cancelled');
    const id = t.conversationId();
    await t.newChat();
    assert.ok(await t.openConversation(id));
    const saved = t.turns()[0];
    assert.equal(saved.state, 'cancelled');
    assert.equal(saved.reasoning, cancelled.reasoning);
    assert.ok(saved.reasoning.length > 300);
    assert.ok(saved.metrics?.ttftMs !== undefined && saved.metrics.thinkingMs !== undefined, JSON.stringify(saved.metrics));
  });

  it('writes conversations as files in the storage folder and deletes them from there', async () => {
    await t.newChat();
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    await t.ask('Where is this kept?');
    const id = t.conversationId();
    await t.newChat();
    const found = vscode.Uri.joinPath(t.conversationFolder(), `${id}.json`);
    assert.match(found.path, /\/(workspaceStorage\/[^/]+|globalStorage)\/thinkstream\.thinkstream\/conversations\//, 'not in the extension\'s storage folder');
    const saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(found)));
    assert.equal(saved.records[0].turn.prompt, 'Where is this kept?');

    await t.deleteConversation(id);
    assert.ok(!t.conversations().some((c) => c.id === id));
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(found)), 'the file outlived its conversation');
  });

  it('deleting the open conversation leaves an empty one open', async () => {
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    await t.ask('Short-lived');
    const id = t.conversationId();
    await t.deleteConversation(id);
    assert.notEqual(t.conversationId(), id);
    assert.equal(t.turns().length, 0);
  });

  it('lists Show History in the command palette', async () => {
    const all = await vscode.commands.getCommands(true);
    assert.ok(all.includes('thinkstream.showHistory'));
  });
});

// Each wire protocol end to end inside the real extension host: a Responses stream
// and a Gemini stream become turns whose reasoning and answer are what the provider
// sent; Responses reasoning goes back encrypted; redacted reasoning is a flag, not text.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ThinkstreamApi, ThinkstreamTestApi } from '../../src/vscode/testApi';
import { FakeProvider } from '../support/fakeProvider';

const KEY = 'gemini-ext-KEY-5a4b3c2d1e0f';

describe('providers of every kind', function () {
  this.timeout(60_000);
  let fake: FakeProvider;
  let t: ThinkstreamTestApi;
  const config = () => vscode.workspace.getConfiguration('thinkstream');

  async function use(provider: Record<string, unknown>): Promise<void> {
    await config().update('providers', [provider], vscode.ConfigurationTarget.Global);
    await config().update('activeProvider', provider.id, vscode.ConfigurationTarget.Global);
  }

  before(async () => {
    fake = await FakeProvider.start();
    const api = (await vscode.extensions.getExtension<ThinkstreamApi>('thinkstream.thinkstream')!.activate()) as ThinkstreamApi;
    t = api._test;
  });

  beforeEach(() => t.newChat());

  after(async () => {
    await t.newChat();
    await t.keys.remove({ id: 'fake-gemini', baseUrl: fake.url });
    for (const key of ['providers', 'activeProvider']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });

  it('an OpenAI Responses stream shows its reasoning summary apart from the answer', async () => {
    await use({ id: 'fake-responses', kind: 'responses', baseUrl: `${fake.url}/v1`, model: 'reasoning-summary' });
    const turn = await t.ask('What is 2+2?');
    assert.equal(turn.state, 'done', turn.error);
    assert.equal(turn.reasoning, '**Checking the sum**\n\nTwo plus two is four; no trick here.\n\n**Choosing the format**\n\nA bare number reads best.');
    assert.equal(turn.content, '2 + 2 = **4**.');
    assert.equal(turn.metrics?.outputTokens, 612);
    assert.equal(fake.requests.at(-1)!.path, '/v1/responses');
    assert.deepEqual(fake.requests.at(-1)!.body.reasoning, { summary: 'auto' });
  });

  it('a stateless Responses provider sends the encrypted reasoning items back in the next turn', async () => {
    await use({ id: 'fake-responses', kind: 'responses', baseUrl: `${fake.url}/v1`, model: 'reasoning-summary', reasoningReplay: 'responses_encrypted' });
    await t.ask('First');
    const second = fake.requests.length;
    await t.ask('Second');
    const body = fake.requests[second].body;
    assert.equal(body.store, false);
    assert.deepEqual(body.include, ['reasoning.encrypted_content']);
    assert.deepEqual(
      body.input.map((i: { type?: string; role?: string }) => i.type ?? i.role),
      ['user', 'reasoning', 'assistant', 'user'],
    );
    assert.equal(body.input[1].encrypted_content, 'gAAAAABo…enc');
  });

  it('a Gemini stream shows its thoughts as reasoning; the key goes only in x-goog-api-key', async () => {
    await use({ id: 'fake-gemini', kind: 'gemini', baseUrl: fake.url, model: 'thinking' });
    await t.keys.store({ id: 'fake-gemini', baseUrl: fake.url }, KEY);
    const turn = await t.ask('What is 2+2?');
    assert.equal(turn.state, 'done', turn.error);
    assert.ok(turn.reasoning?.startsWith('**Parsing the request**\n\nThe user wants the sum of two and two.'), turn.reasoning);
    assert.ok(turn.reasoning?.includes('**Formulating the answer**'));
    assert.equal(turn.content, '2 + 2 = **4**.');
    assert.equal(turn.metrics?.outputTokens, 208);
    const request = fake.requests.at(-1)!;
    assert.equal(request.url, '/v1beta/models/thinking:streamGenerateContent?alt=sse');
    assert.equal(request.headers['x-goog-api-key'], KEY);
    assert.equal(request.headers.authorization, undefined);
    assert.ok(!request.url.includes(KEY));
    assert.ok(!JSON.stringify(t.turns()).includes(KEY) && !t.transcript().includes(KEY));
  });

  it('Anthropic redacted thinking marks the turn; its reasoning is only what the model wrote', async () => {
    await use({ id: 'fake-anthropic', kind: 'anthropic', baseUrl: fake.url, model: 'redacted-thinking' });
    const turn = await t.ask('Weather policy?');
    assert.equal(turn.state, 'done', turn.error);
    assert.equal(turn.reasoningRedacted, true);
    assert.equal(turn.reasoning, 'The user asks about the weather policy.');
    assert.equal(turn.content, 'I can help with that.');
  });
});

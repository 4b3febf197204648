// Clear API Key by argument, and the model lists Select Model offers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PRESETS } from '../../src/core/providers/presets';
import { listModels } from '../../src/vscode/modelLister';
import type { ThinkstreamApi } from '../../src/vscode/testApi';
import { FakeProvider } from '../support/fakeProvider';

describe('keys and model lists', () => {
  let fake: FakeProvider;
  let api: ThinkstreamApi;
  const config = () => vscode.workspace.getConfiguration('thinkstream');

  before(async () => {
    fake = await FakeProvider.start();
    api = (await vscode.extensions.getExtension<ThinkstreamApi>('thinkstream.thinkstream')!.activate()) as ThinkstreamApi;
  });

  after(async () => {
    await config().update('providers', undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });

  it('Clear API Key removes the key of the named provider', async () => {
    const deepseek = PRESETS.find((p) => p.id === 'deepseek')!;
    await api._test.keys.store(deepseek, 'sk-clear-me-0123456789');
    assert.equal(await vscode.commands.executeCommand('thinkstream.clearApiKey', 'deepseek'), undefined, 'the caller learns nothing');
    assert.equal(await api._test.keys.has(deepseek), false);
  });

  it('Clear API Key binds to the configured endpoint of an overridden preset', async () => {
    const moved = { id: 'deepseek', kind: 'openai', baseUrl: `${fake.url}/v1`, model: 'deepseek-reasoner' };
    await config().update('providers', [moved], vscode.ConfigurationTarget.Global);
    const official = PRESETS.find((p) => p.id === 'deepseek')!;
    await api._test.keys.store(official, 'sk-official-0123456789');
    await api._test.keys.store(moved, 'sk-moved-0123456789');
    await vscode.commands.executeCommand('thinkstream.clearApiKey', 'deepseek');
    assert.equal(await api._test.keys.has(moved), false);
    assert.equal(await api._test.keys.has(official), true);
    await api._test.keys.remove(official);
  });

  it('Clear API Key ignores an argument that is not one of the user\'s provider ids', async () => {
    const deepseek = PRESETS.find((p) => p.id === 'deepseek')!;
    await api._test.keys.store(deepseek, 'sk-keep-me-0123456789');
    try {
      for (const arg of [{ id: 'deepseek', baseUrl: deepseek.baseUrl }, ['deepseek'], 'deepseek '.repeat(40), 'no-such-provider']) {
        await vscode.commands.executeCommand('thinkstream.clearApiKey', arg);
      }
      assert.equal(await api._test.keys.has(deepseek), true);
    } finally {
      await api._test.keys.remove(deepseek);
    }
  });

  it('lists an OpenAI-compatible server\'s models', async () => {
    const models = await listModels({ ...PRESETS.find((p) => p.id === 'vllm')!, baseUrl: `${fake.url}/v1` }, undefined, undefined);
    assert.ok(models.includes('deepseek-reasoner'), models.join(', '));
    assert.ok(models.includes('long-deepseek'));
  });

  it('lists an Ollama server\'s models', async () => {
    const models = await listModels({ ...PRESETS.find((p) => p.id === 'ollama')!, baseUrl: fake.url }, undefined, undefined);
    assert.ok(models.includes('long-qwen'), models.join(', '));
  });

  it("lists a Gemini server's chat models, the key in x-goog-api-key and never in the URL", async () => {
    const key = 'gemini-LIST-key-0123456789';
    const models = await listModels({ ...PRESETS.find((p) => p.id === 'gemini')!, baseUrl: fake.url }, key, undefined);
    assert.ok(models.includes('thinking') && models.includes('long-gemini'), models.join(', '));
    assert.ok(!models.some((m) => m.startsWith('models/')), 'names are usable as the model setting');
    const request = fake.requests.at(-1)!;
    assert.equal(request.path, '/v1beta/models');
    assert.equal(request.headers['x-goog-api-key'], key);
    assert.ok(!request.url.includes(key));
  });

  it('fails fast on a server that is not there', async () => {
    const started = Date.now();
    await assert.rejects(listModels({ ...PRESETS.find((p) => p.id === 'vllm')!, baseUrl: 'http://127.0.0.1:9/v1' }, undefined, undefined));
    assert.ok(Date.now() - started < 8000);
  });
});

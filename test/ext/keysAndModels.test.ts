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
    await api._test.secretKeys.set(deepseek, 'sk-clear-me-0123456789');
    assert.equal(await vscode.commands.executeCommand('thinkstream.clearApiKey', 'deepseek'), true);
    assert.equal(await api._test.secretKeys.get(deepseek), undefined);
    assert.equal(await vscode.commands.executeCommand('thinkstream.clearApiKey', 'deepseek'), false);
  });

  it('Clear API Key binds to the configured endpoint of an overridden preset', async () => {
    const moved = { id: 'deepseek', kind: 'openai', baseUrl: `${fake.url}/v1`, model: 'deepseek-reasoner' };
    await config().update('providers', [moved], vscode.ConfigurationTarget.Global);
    const official = PRESETS.find((p) => p.id === 'deepseek')!;
    await api._test.secretKeys.set(official, 'sk-official-0123456789');
    await api._test.secretKeys.set(moved, 'sk-moved-0123456789');
    await vscode.commands.executeCommand('thinkstream.clearApiKey', 'deepseek');
    assert.equal(await api._test.secretKeys.get(moved), undefined);
    assert.equal(await api._test.secretKeys.get(official), 'sk-official-0123456789');
    await api._test.secretKeys.delete(official);
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

  it('fails fast on a server that is not there', async () => {
    const started = Date.now();
    await assert.rejects(listModels({ ...PRESETS.find((p) => p.id === 'vllm')!, baseUrl: 'http://127.0.0.1:9/v1' }, undefined, undefined));
    assert.ok(Date.now() - started < 8000);
  });
});

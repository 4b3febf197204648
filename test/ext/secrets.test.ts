// Keys round-trip through the extension's own SecretKeys, bound to the origin they
// were entered for.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ThinkstreamApi } from '../../src/vscode/testApi';

describe('SecretKeys', () => {
  let api: ThinkstreamApi;
  const a = { id: 'keytest', baseUrl: 'https://a.example.com/v1' };
  const samePlace = { id: 'keytest', baseUrl: 'https://a.example.com/other/path?x=1' };
  const elsewhere = { id: 'keytest', baseUrl: 'https://b.example.com/v1' };
  const otherPort = { id: 'keytest', baseUrl: 'https://a.example.com:8443/v1' };
  const plainHttp = { id: 'keytest', baseUrl: 'http://a.example.com/v1' };

  before(async () => {
    api = (await vscode.extensions.getExtension<ThinkstreamApi>('thinkstream.thinkstream')!.activate()) as ThinkstreamApi;
  });

  afterEach(async () => {
    for (const t of [a, elsewhere, otherPort, plainHttp]) await api._test.secretKeys.delete(t);
  });

  it('returns a stored key for the same provider and origin', async () => {
    await api._test.secretKeys.set(a, 'sk-roundtrip-0123456789');
    assert.equal(await api._test.secretKeys.get(a), 'sk-roundtrip-0123456789');
    assert.equal(await api._test.secretKeys.get(samePlace), 'sk-roundtrip-0123456789');
  });

  it('does not return it for another host, port or scheme', async () => {
    await api._test.secretKeys.set(a, 'sk-roundtrip-0123456789');
    assert.equal(await api._test.secretKeys.get(elsewhere), undefined);
    assert.equal(await api._test.secretKeys.get(otherPort), undefined);
    assert.equal(await api._test.secretKeys.get(plainHttp), undefined);
    assert.equal(await api._test.secretKeys.get({ id: 'other', baseUrl: a.baseUrl }), undefined);
  });

  it('forgets a deleted key', async () => {
    await api._test.secretKeys.set(a, 'sk-roundtrip-0123456789');
    await api._test.secretKeys.delete(a);
    assert.equal(await api._test.secretKeys.get(a), undefined);
  });

  it('keeps keys out of settings', async () => {
    await api._test.secretKeys.set(a, 'sk-roundtrip-0123456789');
    const all = JSON.stringify(vscode.workspace.getConfiguration('thinkstream'));
    assert.ok(!all.includes('sk-roundtrip-0123456789'));
  });
});

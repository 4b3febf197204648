// Keys are bound to the origin they were entered for, and what activate() returns
// never hands a key back, not even in the test mode.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { exportsFor, type TestApiParts, type ThinkstreamApi } from '../../src/vscode/testApi';

describe('SecretKeys', () => {
  let api: ThinkstreamApi;
  const a = { id: 'keytest', baseUrl: 'https://a.example.com/v1' };
  const samePlace = { id: 'keytest', baseUrl: 'https://a.example.com/other/path?x=1' };
  const elsewhere = { id: 'keytest', baseUrl: 'https://b.example.com/v1' };
  const otherPort = { id: 'keytest', baseUrl: 'https://a.example.com:8443/v1' };
  const plainHttp = { id: 'keytest', baseUrl: 'http://a.example.com/v1' };
  const KEY = 'sk-roundtrip-0123456789';

  before(async () => {
    api = (await vscode.extensions.getExtension<ThinkstreamApi>('thinkstream.thinkstream')!.activate()) as ThinkstreamApi;
  });

  afterEach(async () => {
    for (const t of [a, elsewhere, otherPort, plainHttp]) await api._test.keys.remove(t);
  });

  it('finds a stored key for the same provider and origin', async () => {
    assert.equal(await api._test.keys.has(a), false);
    await api._test.keys.store(a, KEY);
    assert.equal(await api._test.keys.has(a), true);
    assert.equal(await api._test.keys.has(samePlace), true);
  });

  it('does not find it for another host, port, scheme or provider', async () => {
    await api._test.keys.store(a, KEY);
    assert.equal(await api._test.keys.has(elsewhere), false);
    assert.equal(await api._test.keys.has(otherPort), false);
    assert.equal(await api._test.keys.has(plainHttp), false);
    assert.equal(await api._test.keys.has({ id: 'other', baseUrl: a.baseUrl }), false);
  });

  it('forgets a removed key', async () => {
    await api._test.keys.store(a, KEY);
    await api._test.keys.remove(a);
    assert.equal(await api._test.keys.has(a), false);
  });

  it('keeps keys out of settings', async () => {
    await api._test.keys.store(a, KEY);
    const all = JSON.stringify(vscode.workspace.getConfiguration('thinkstream'));
    assert.ok(!all.includes(KEY));
  });

  it('hands no stored key back through anything the test hooks return', async () => {
    await api._test.keys.store(a, KEY);
    assert.deepEqual(Object.keys(api._test.keys).sort(), ['has', 'remove', 'store']);
    const seen = [await api._test.keys.has(a), api._test.transcript(), api._test.turns(), api._test.statusTooltip()];
    assert.ok(!JSON.stringify(seen).includes(KEY));
  });

  it('exports nothing outside the test mode', () => {
    const parts = {} as TestApiParts;
    assert.equal(exportsFor(vscode.ExtensionMode.Production, parts), undefined);
    assert.equal(exportsFor(vscode.ExtensionMode.Development, parts), undefined);
    assert.ok(exportsFor(vscode.ExtensionMode.Test, parts)?._test);
  });
});

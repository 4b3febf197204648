// The set-up several extension-host suites share: a fake provider, selected as the
// active one in user settings, and the test hooks; all undone after the suite.
import * as vscode from 'vscode';
import type { ThinkstreamApi, ThinkstreamTestApi } from '../../src/vscode/testApi';
import { FakeProvider } from '../support/fakeProvider';

/** Registers before/after hooks in the calling `describe`; `ready` receives what they set up. */
export function useFakeProvider(ready: (fake: FakeProvider, t: ThinkstreamTestApi) => void): void {
  let fake: FakeProvider;
  let t: ThinkstreamTestApi;
  const config = () => vscode.workspace.getConfiguration('thinkstream');

  before(async () => {
    fake = await FakeProvider.start();
    t = ((await vscode.extensions.getExtension<ThinkstreamApi>('thinkstream.thinkstream')!.activate()) as ThinkstreamApi)._test;
    await config().update('providers', [{ id: 'fake', kind: 'openai', baseUrl: `${fake.url}/v1`, model: 'deepseek-reasoner' }], vscode.ConfigurationTarget.Global);
    await config().update('activeProvider', 'fake', vscode.ConfigurationTarget.Global);
    ready(fake, t);
  });

  after(async () => {
    await t.newChat();
    await config().update('providers', undefined, vscode.ConfigurationTarget.Global);
    await config().update('activeProvider', undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });
}

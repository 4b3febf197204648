// A real proxy (Debian's tinyproxy) in front of the fake provider, driven through
// VS Code's own proxy settings and the environment, as a person behind a corporate
// proxy would configure it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ThinkstreamApi, ThinkstreamTestApi } from '../../src/vscode/testApi';
import { blackHole, closedPort } from '../support/faultServers';
import { FakeProvider } from '../support/fakeProvider';
import { startTinyproxy, type Tinyproxy } from '../support/tinyproxy';

const USER = 'alice';
// tinyproxy's config accepts only word characters, dots and dashes in a password.
const PASSWORD = 'Tp-9x_pr0xy.pass';
const WRONG = 'Tp-wrong_guess.77';
const ENV_NAMES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

describe('a real proxy (tinyproxy)', function () {
  this.timeout(60_000);
  let t: ThinkstreamTestApi;
  let fake: FakeProvider;
  let open: Tinyproxy;
  let guarded: Tinyproxy;
  const savedEnv: Record<string, string | undefined> = {};
  const http = () => vscode.workspace.getConfiguration('http');
  const config = () => vscode.workspace.getConfiguration('thinkstream');
  const fakeHost = () => new URL(fake.url).host;

  async function setProxy(proxy: string | undefined, noProxy?: string[]): Promise<void> {
    await http().update('proxy', proxy, vscode.ConfigurationTarget.Global);
    await http().update('noProxy', noProxy, vscode.ConfigurationTarget.Global);
  }

  async function askOk(prompt: string): Promise<void> {
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    const turn = await t.ask(prompt);
    assert.equal(turn.state, 'done', turn.error);
    assert.equal(turn.reasoning, 'Hmm, a greeting.');
    assert.equal(turn.content, 'Hello!');
  }

  /** Every place a secret could end up: the chat, the saved chat, the transcript, the log files. */
  async function assertNowhere(secret: string): Promise<void> {
    assert.ok(!JSON.stringify(t.turns()).includes(secret), 'in the chat turns');
    assert.ok(!JSON.stringify(await t.savedTurns()).includes(secret), 'in the saved conversation');
    for (const file of filesUnder(t.conversationFolder().fsPath, false)) {
      assert.ok(!fs.readFileSync(file, 'utf8').includes(secret), `in the saved conversation file ${file}`);
    }
    assert.ok(!t.transcript().includes(secret), 'in the transcript');
    // The log channel reaches its file asynchronously.
    await new Promise((r) => setTimeout(r, 500));
    let sawOurLog = false;
    for (const file of filesUnder(t.logsDir)) {
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!text.includes(secret), `in the log file ${file}`);
      sawOurLog ||= text.includes('→ proxied · ');
    }
    assert.ok(sawOurLog, `the Thinkstream log was not among the files read under ${t.logsDir}`);
  }

  before(async () => {
    for (const name of ENV_NAMES) {
      savedEnv[name] = process.env[name];
      delete process.env[name];
    }
    fake = await FakeProvider.start();
    open = await startTinyproxy();
    guarded = await startTinyproxy({ basicAuth: { user: USER, password: PASSWORD } });
    const api = (await vscode.extensions.getExtension<ThinkstreamApi>('thinkstream.thinkstream')!.activate()) as ThinkstreamApi;
    t = api._test;
    await config().update('providers', [{ id: 'proxied', kind: 'openai', baseUrl: `${fake.url}/v1`, model: 'deepseek-reasoner' }], vscode.ConfigurationTarget.Global);
    await config().update('activeProvider', 'proxied', vscode.ConfigurationTarget.Global);
    await config().update('retries', 0, vscode.ConfigurationTarget.Global);
    // On, so the transcript is one more place the password must not reach.
    await config().update('outputChannel.mirror', 'answerAndReasoning', vscode.ConfigurationTarget.Global);
  });

  beforeEach(() => t.newChat());

  afterEach(async () => {
    await setProxy(undefined, undefined);
    for (const name of ENV_NAMES) delete process.env[name];
  });

  after(async () => {
    for (const [name, value] of Object.entries(savedEnv)) if (value !== undefined) process.env[name] = value;
    for (const key of ['providers', 'activeProvider', 'retries', 'outputChannel.mirror']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await t?.newChat();
    await open?.stop();
    await guarded?.stop();
    await fake.close();
  });

  it("sends requests through VS Code's http.proxy", async () => {
    const before = open.tunnels().length;
    await setProxy(open.url);
    await askOk('via http.proxy');
    assert.deepEqual(open.tunnels().slice(before), [fakeHost()]);
  });

  it('sends http requests through HTTP_PROXY when http.proxy is empty', async () => {
    const before = open.tunnels().length;
    process.env.HTTP_PROXY = open.url;
    await askOk('via HTTP_PROXY');
    assert.deepEqual(open.tunnels().slice(before), [fakeHost()]);
  });

  it('sends https requests through HTTPS_PROXY when http.proxy is empty', async () => {
    // An https endpoint that never finishes the handshake: the tunnel is what counts here.
    const tls = await blackHole();
    const before = open.tunnels().length;
    process.env.HTTPS_PROXY = open.url;
    await config().update('providers', [{ id: 'proxied', kind: 'openai', baseUrl: `https://127.0.0.1:${tls.port}/v1`, model: 'm' }], vscode.ConfigurationTarget.Global);
    await config().update('timeouts.connect', 1000, vscode.ConfigurationTarget.Global);
    try {
      const turn = await t.ask('via HTTPS_PROXY');
      assert.equal(turn.state, 'error');
      assert.match(turn.error ?? '', new RegExp(`^Could not connect to 127\\.0\\.0\\.1:${tls.port} within 1s through the proxy ${open.url.replace(/\./g, '\\.')}$`));
      assert.deepEqual(open.tunnels().slice(before), [`127.0.0.1:${tls.port}`]);
    } finally {
      await config().update('providers', [{ id: 'proxied', kind: 'openai', baseUrl: `${fake.url}/v1`, model: 'deepseek-reasoner' }], vscode.ConfigurationTarget.Global);
      await config().update('timeouts.connect', undefined, vscode.ConfigurationTarget.Global);
      await tls.close();
    }
  });

  it('goes direct for hosts in http.noProxy', async () => {
    const before = open.tunnels().length;
    await setProxy(open.url, ['localhost', '127.0.0.1']);
    await askOk('http.noProxy');
    assert.equal(open.tunnels().length, before, 'the request went through the proxy');
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    const before = open.tunnels().length;
    process.env.HTTPS_PROXY = open.url;
    process.env.NO_PROXY = `example.com,${new URL(fake.url).hostname}`;
    await askOk('NO_PROXY');
    assert.equal(open.tunnels().length, before, 'the request went through the proxy');
  });

  it('authenticates to a proxy with Basic auth, and the password appears nowhere', async () => {
    const before = guarded.tunnels().length;
    await setProxy(`http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${guarded.port}`);
    await askOk('with proxy auth');
    assert.deepEqual(guarded.tunnels().slice(before), [fakeHost()]);
    await assertNowhere(PASSWORD);
    await assertNowhere(encodeURIComponent(PASSWORD));
  });

  it('says a wrong proxy password is wrong, names the proxy, and shows the password nowhere', async () => {
    await setProxy(`http://${USER}:${encodeURIComponent(WRONG)}@127.0.0.1:${guarded.port}`);
    const before = fake.requests.length;
    const turn = await t.ask('wrong proxy password');
    assert.equal(turn.state, 'error');
    assert.equal(turn.error, `The proxy http://127.0.0.1:${guarded.port} rejected the proxy credentials (HTTP 401) — check the user name and password in the proxy URL`);
    assert.ok(t.transcript().includes(`[error] ${turn.error}`));
    assert.equal(fake.requests.length, before, 'the request got past the proxy');
    assert.equal(t.busy(), false);
    await assertNowhere(WRONG);
    await assertNowhere(encodeURIComponent(WRONG));

    await setProxy(`http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${guarded.port}`);
    await askOk('right password after a wrong one');
  });

  it('names a dead proxy as the proxy, not the model server', async () => {
    const port = await closedPort();
    await setProxy(`http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`);
    const turn = await t.ask('dead proxy');
    assert.equal(turn.state, 'error');
    assert.match(turn.error ?? '', new RegExp(`^Could not connect to the proxy http://127\\.0\\.0\\.1:${port} \\(on the way to 127\\.0\\.0\\.1:\\d+\\): connection refused — is the proxy running\\?`));
    assert.ok(t.transcript().includes(`[error] ${turn.error}`));
    await assertNowhere(PASSWORD);
  });
});

function filesUnder(dir: string, required = true): string[] {
  if (!fs.existsSync(dir)) {
    if (required) throw new Error(`no folder at ${dir}`);
    return [];
  }
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, entry);
    if (fs.statSync(file).isFile()) out.push(file);
  }
  if (required) assert.ok(out.length > 0, `the folder ${dir} holds no file`);
  return out;
}

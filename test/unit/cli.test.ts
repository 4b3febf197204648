import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, KEY, run, type Run } from '../support/cliRun';
import { FakeProvider, openAiError } from '../support/fakeProvider';
import { leakedPiece } from '../support/keySpellings';

/** Adjacent reasoning (or answer) pieces joined into one event. */
function joinText(events: Array<{ type: string; text?: string }>): Array<{ type: string; text?: string }> {
  const out: Array<{ type: string; text?: string }> = [];
  for (const e of events) {
    const last = out.at(-1);
    if (last && e.text !== undefined && last.type === e.type && last.text !== undefined) last.text += e.text;
    else out.push({ ...e });
  }
  return out;
}

describe('thinkstream CLI', function () {
  this.timeout(20_000);
  let fake: FakeProvider;
  let base: string[];
  let tmp: string;

  before(async () => {
    fake = await FakeProvider.start();
    base = ['ask', '--kind', 'openai', '--base-url', `${fake.url}/v1`, '--model', 'deepseek-reasoner', '--retries', '0'];
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thinkstream-cli-'));
  });
  after(async () => {
    await fake.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('prints only the answer on stdout and the reasoning on stderr, uncoloured off a terminal', async () => {
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse', pacing: { perChunkMs: 40 }, chunking: { seed: 1, minBytes: 100, maxBytes: 200 } });
    const r = await run([...base, 'Say', 'hello']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Hello!');
    assert.ok(r.stderr.includes('Hmm, a greeting.'));
    assert.ok(!/\x1b\[/.test(r.stdout + r.stderr), 'no escape codes when not a TTY');
    assert.match(r.stderr, /169 tokens \(117 reasoning\).*first token .*tok\/s/);
    assert.equal(fake.requests.at(-1)!.body.messages.at(-1).content, 'Say hello');
  });

  it('--json prints one StreamEvent per line and a final metrics line', async () => {
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    const r = await run([...base, '--json', 'hi']);
    assert.equal(r.code, 0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.slice(0, -1), [
      { type: 'reasoning', text: 'Hmm, a greeting.' },
      { type: 'content', text: 'Hello!' },
      { type: 'finish', reason: 'stop', raw: 'stop' },
      { type: 'usage', inputTokens: 6, outputTokens: 169, reasoningTokens: 117 },
    ]);
    const m = lines.at(-1);
    assert.equal(m.type, 'metrics');
    assert.equal(m.status, 'done');
    assert.equal(m.outputTokens, 169);
    assert.equal(typeof m.totalMs, 'number');
  });

  it('follows the SDK base URL conventions for each protocol', async () => {
    fake.enqueue({ fixture: 'anthropic/thinking-text.sse' }, { fixture: 'ollama/think.ndjson' });
    const a = await run(['ask', '--kind', 'anthropic', '--base-url', fake.url, '--model', 'claude', 'hi']);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(fake.requests.at(-1)!.path, '/v1/messages');
    const o = await run(['ask', '--kind', 'ollama', '--base-url', fake.url, '--model', 'qwen3', 'hi']);
    assert.equal(o.code, 0, o.stderr);
    assert.equal(fake.requests.at(-1)!.path, '/api/chat');
  });

  it('a prompt from stdin, or a prompt with stdin as context', async () => {
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' }, { fixture: 'openai/deepseek-reasoner.sse' });
    await run(base, { stdin: 'question from stdin\n' });
    assert.equal(fake.requests.at(-1)!.body.messages.at(-1).content, 'question from stdin');
    const f = path.join(tmp, 'code.ts');
    fs.writeFileSync(f, 'const x = 1;\n');
    const child = await runWithFile([...base, 'explain', 'this'], f);
    assert.equal(child.code, 0, child.stderr);
    const sent: string = fake.requests.at(-1)!.body.messages.at(-1).content;
    assert.ok(sent.includes('const x = 1;') && sent.endsWith('explain this'), sent);
  });

  it('exits 1 with a specific, key-free message on 401 even when the server echoes the key', async () => {
    fake.enqueue(openAiError(401, `Incorrect API key provided: ${KEY}`));
    const r = await run([...base, 'hi']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /401/);
    assert.match(r.stderr, /check the API key/i);
    assert.ok(!(r.stdout + r.stderr).includes(KEY), r.stderr);
  });

  it('never prints the key a server echoes into the streamed answer or reasoning, with or without --json', async () => {
    const echo = [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const deltas = [{ reasoning_content: `I see ${KEY.slice(0, 10)}` }, { reasoning_content: `${KEY.slice(10)}.` }, { content: `Your key: ${KEY.slice(0, 4)}` }, { content: KEY.slice(4) }, { content: ` or ${echo}` }];
    const body = deltas.map((delta) => `data: ${JSON.stringify({ choices: [{ index: 0, delta }] })}\n\n`).join('') + 'data: [DONE]\n\n';
    for (const json of [false, true]) {
      fake.enqueue({ body, headers: { 'content-type': 'text/event-stream' }, chunking: { seed: 5, minBytes: 3, maxBytes: 9 } });
      const r = await run([...base, ...(json ? ['--json'] : []), 'hi']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(leakedPiece(r.stdout + r.stderr, KEY), undefined, r.stdout + r.stderr);
      const reasoning = json
        ? joinText(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).find((e) => e.type === 'reasoning')?.text
        : r.stderr;
      assert.ok(reasoning?.includes('I see ***.'), r.stdout + r.stderr);
    }
  });

  it("redacts the preset's own key variable too, and a key a 401 echoes JSON-escaped past the cut", async () => {
    const other = 'ds-other-SECRET-9f8e7d6c5b4a39';
    const echo = [...other].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    fake.enqueue({ status: 401, body: `{"error":{"message":"${'x'.repeat(280)} key ${echo} refused"}}` });
    const r = await run(['ask', '--provider', 'deepseek', '--base-url', `${fake.url}/v1`, '--retries', '0', 'hi'], { env: { THINKSTREAM_API_KEY: '', DEEPSEEK_API_KEY: other } });
    assert.equal(r.code, 1);
    assert.equal(fake.requests.at(-1)!.headers.authorization, `Bearer ${other}`);
    assert.match(r.stderr, /401/);
    assert.equal(leakedPiece(r.stderr, other), undefined, r.stderr);
  });

  it('redacts a replayed recording against the keys in the environment', async () => {
    const file = path.join(tmp, 'echo.sse');
    fs.writeFileSync(file, `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: `the key is ${KEY}` } }] })}\n\ndata: [DONE]\n\n`);
    const r = await run(['ask', '--replay', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'the key is ***');
  });

  it('reduces an HTML error page to its title', async () => {
    fake.enqueue({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1><p>nginx</p></body></html>' });
    const r = await run([...base, 'hi']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /502 Bad Gateway/);
    assert.ok(!r.stderr.includes('<'), r.stderr);
  });

  it('names its own flags, not VS Code settings, when a limit runs out', async () => {
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse', pacing: { firstByteDelayMs: 2000 } });
    const slow = await run([...base, '--first-byte-timeout', '150', 'hi']);
    assert.equal(slow.code, 1);
    assert.match(slow.stderr, /first-byte timeout; raise --first-byte-timeout for slow local models/);
    assert.doesNotMatch(slow.stderr, /thinkstream\.timeouts/);

    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse', faults: { stallAfterBytes: 0, keepAliveMs: 50 } });
    const started = Date.now();
    const alive = await run([...base, '--idle-timeout', '300', '--no-data-timeout', '600', 'hi']);
    assert.equal(alive.code, 1);
    assert.match(alive.stderr, /only keep-alives \(no-data timeout; raise --no-data-timeout/);
    assert.ok(Date.now() - started < 8000);
  });

  it('keeps the partial answer on a mid-stream error and exits 1', async () => {
    fake.enqueue({ fixture: 'openai/midstream-error-no-done.sse' });
    const r = await run([...base, 'hi']);
    assert.equal(r.code, 1);
    assert.ok(r.stdout.length > 0, 'partial answer printed');
    assert.match(r.stderr, /error:/);
  });

  it('Ctrl-C keeps the partial answer and exits 130', async () => {
    fake.enqueue({ fixture: 'openai/long-deepseek.sse', pacing: { perChunkMs: 15 }, chunking: { seed: 2, minBytes: 40, maxBytes: 90 } });
    let killed = false;
    const r = await run([...base, '--json', 'hi'], {
      onStdout: (out, kill) => {
        if (!killed && out.split('\n').length > 5) {
          killed = true;
          kill();
        }
      },
    });
    assert.equal(r.code, 130);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.some((e) => e.type === 'reasoning'));
    assert.deepEqual(lines.at(-2), { type: 'finish', reason: 'cancelled' });
    assert.equal(lines.at(-1).status, 'cancelled');
  });

  it('--record saves the raw bytes and --replay gives the same events with no network', async () => {
    fake.enqueue({ fixture: 'openai/long-deepseek.sse', chunking: { seed: 11 } });
    const file = path.join(tmp, 'rec.sse');
    const live = await run([...base, '--json', '--record', file, 'hi']);
    assert.equal(live.code, 0);
    const fixture = fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures/openai/long-deepseek.sse'));
    assert.ok(fs.readFileSync(file).equals(fixture), 'recording is byte-identical to what the server sent');
    const requestsBefore = fake.requests.length;
    const replay = await run(['ask', '--replay', file, '--json'], { env: { THINKSTREAM_API_KEY: '' } });
    assert.equal(replay.code, 0, replay.stderr);
    assert.equal(fake.requests.length, requestsBefore, 'replay made no request');
    // With a key set, the live run holds back the few characters that could begin an
    // echo of it, so its text comes in other pieces: the same events once joined.
    const events = (s: string) => joinText(s.trim().split('\n').slice(0, -1).map((l) => JSON.parse(l)));
    assert.deepEqual(events(replay.stdout), events(live.stdout));
  });

  it('--json --steps adds a line per whole reasoning step, the last one flushed incomplete, all before the answer', async () => {
    const fixture = path.resolve(__dirname, '../../../test/fixtures/openai/long-deepseek.sse');
    const r = await run(['ask', '--replay', fixture, '--json', '--steps'], { env: { THINKSTREAM_API_KEY: '' } });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const steps = lines.filter((e) => e.type === 'step');
    assert.ok(steps.length >= 3, `${steps.length} steps`);
    assert.deepEqual(steps.map((s) => s.index), steps.map((_, i) => i));
    for (const s of steps) assert.deepEqual(Object.keys(s), ['type', 'index', 'text', 'complete']);
    assert.ok(steps.slice(0, -1).every((s) => s.complete === true), 'every step but the last is whole');
    assert.equal(steps.at(-1).complete, false, 'the last step is flushed as incomplete when the answer starts');
    const firstContent = lines.findIndex((e) => e.type === 'content');
    const lastStep = lines.map((e) => e.type).lastIndexOf('step');
    assert.ok(lastStep < firstContent, 'every step is out before the answer');
    const reasoning = lines.filter((e) => e.type === 'reasoning').map((e) => e.text).join('');
    for (const s of steps) assert.ok(reasoning.includes(s.text), `step ${s.index} is the model's own text`);
    assert.ok(!lines.some((e) => e.type === 'phase' || e.type === 'end' || e.type === 'retry'), 'no session internals on stdout');

    const plain = await run(['ask', '--replay', fixture, '--json'], { env: { THINKSTREAM_API_KEY: '' } });
    assert.ok(!plain.stdout.includes('"type":"step"'), 'no step lines without --steps');
    const usage = await run(['ask', '--replay', fixture, '--steps'], { env: { THINKSTREAM_API_KEY: '' } });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--steps .*--json/);
  });

  it('--replay, --help and --version never load the HTTP client; a live request does', async () => {
    const probe = path.join(tmp, 'probe.js');
    const seen = path.join(tmp, 'loaded.txt');
    fs.writeFileSync(
      probe,
      `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(seen)}, Object.keys(require.cache).filter((k) => /undici/.test(k)).join('\\n')));`,
    );
    const loaded = async (args: string[]): Promise<string> => {
      fs.writeFileSync(seen, 'not written');
      await new Promise((resolve) => {
        const child = spawn(process.execPath, ['-r', probe, CLI, ...args], { env: { PATH: process.env.PATH ?? '', THINKSTREAM_API_KEY: KEY }, stdio: 'ignore' });
        child.on('close', resolve);
      });
      return fs.readFileSync(seen, 'utf8');
    };
    const fixture = path.resolve(__dirname, '../../../test/fixtures/openai/deepseek-reasoner.sse');
    assert.equal(await loaded(['ask', '--replay', fixture]), '');
    assert.equal(await loaded(['--version']), '');
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    assert.match(await loaded([...base, 'hi']), /cli-undici\.js/);
  });

  it('says which variable to set when a provider needs a key and none is given', async () => {
    const r = await run(['ask', '--provider', 'deepseek', 'hi'], { env: { THINKSTREAM_API_KEY: '' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /THINKSTREAM_API_KEY or DEEPSEEK_API_KEY/);
  });

  it('a protocol with no base URL means that vendor: --kind anthropic asks for ANTHROPIC_API_KEY', async () => {
    const r = await run(['ask', '--kind', 'anthropic', 'hi'], { env: { THINKSTREAM_API_KEY: '' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Anthropic needs an API key: set THINKSTREAM_API_KEY or ANTHROPIC_API_KEY/);
  });

  it('rejects a bad option with exit 2 and a pointer to --help', async () => {
    const r = await run(['ask', '--idle-timeout', 'soon', 'hi']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--idle-timeout takes a whole number/);
  });

  it('colours reasoning on a terminal, and never with NO_COLOR', async function () {
    if (!fs.existsSync('/usr/bin/script')) this.skip();
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' }, { fixture: 'openai/deepseek-reasoner.sse' });
    const cmd = [process.execPath, CLI, ...base, 'hi'].map((a) => `'${a}'`).join(' ');
    const tty = await runScript(cmd, {});
    assert.ok(tty.includes('\x1b[2mHmm, a greeting.'), JSON.stringify(tty));
    const plain = await runScript(cmd, { NO_COLOR: '1' });
    assert.ok(plain.includes('Hmm, a greeting.') && !plain.includes('\x1b['), JSON.stringify(plain));
  });
});

function runWithFile(args: string[], file: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', THINKSTREAM_API_KEY: KEY },
      stdio: [fs.openSync(file, 'r'), 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a command under a pseudo-terminal (util-linux `script`), returning what the terminal showed. */
function runScript(cmd: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', cmd, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', TERM: 'xterm', THINKSTREAM_API_KEY: KEY, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('close', () => resolve(out));
  });
}

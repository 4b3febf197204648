import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { chunkOffsets } from '../support/chunking';
import { CHAT_ROUTES, findFixturesDir } from '../support/fixtureCatalog';
import { anthropicError, FakeProvider, htmlErrorPage, hugeLineEvent, openAiError } from '../support/fakeProvider';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  error?: NodeJS.ErrnoException;
}

/** A plain node:http client that keeps whatever arrived, even when the stream breaks. */
function call(url: string, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let finish: ((error?: NodeJS.ErrnoException) => void) | undefined;
    const req = request(url + path, { method, headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let settled = false;
      finish = (error) => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), error });
      };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => finish?.());
      res.on('error', (e) => finish?.(e));
    });
    // A reset after the headers surfaces on the request, not only on the response.
    req.on('error', (e) => (finish ? finish(e) : reject(e)));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Resolves with the bytes received once `bytes` have arrived, leaving the response open. */
function readUntil(url: string, path: string, bytes: number): Promise<{ received: () => Buffer; destroy(): void; ended: () => boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method: 'POST', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let ended = false;
      res.on('end', () => (ended = true));
      res.on('error', () => undefined);
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        const received = () => Buffer.concat(chunks);
        if (received().length >= bytes) resolve({ received, destroy: () => req.destroy(), ended: () => ended });
      });
    });
    req.on('error', () => undefined);
    req.on('close', () => reject(new Error('closed before enough bytes')));
    req.end('{}');
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('FakeProvider', () => {
  const fixtures = findFixturesDir();
  const bytesOf = (fixture: string) => readFileSync(join(fixtures, fixture));
  let provider: FakeProvider;

  beforeEach(async () => {
    provider = await FakeProvider.start();
  });
  afterEach(async () => {
    await provider.close();
  });

  it('delivers the fixture bytes unchanged whatever the chunking seed', async () => {
    const cases: Array<[string, number, number]> = [
      ['openai/multibyte.sse', 1, 64],
      ['openai/multibyte.sse', 2, 64],
      ['openai/cr.sse', 3, 8],
      ['openai/crlf.sse', 4, 64],
      ['anthropic/thinking-text.sse', 5, 64],
      ['ollama/think.ndjson', 6, 64],
      ['openai/long-deepseek.sse', 7, 4096],
    ];
    for (const [fixture, seed, maxBytes] of cases) {
      provider.enqueue({ fixture, chunking: { seed, minBytes: 1, maxBytes } });
      const reply = await call(provider.url, '/v1/chat/completions', { model: 'x', stream: true });
      assert.equal(reply.status, 200);
      assert.ok(reply.body.equals(bytesOf(fixture)), `${fixture} seed ${seed}`);
    }
  });

  it('cuts differently per seed, and always inside multi-byte characters and CRLF pairs', () => {
    const body = bytesOf('openai/crlf.sse');
    const a = chunkOffsets(body, { seed: 1 });
    const b = chunkOffsets(body, { seed: 2 });
    assert.deepEqual(chunkOffsets(body, { seed: 1 }), a);
    assert.notDeepEqual(a, b);
    assert.ok(a.some((o) => body[o - 1] === 0x0d && body[o] === 0x0a), 'a CRLF pair is split');
    const utf8 = bytesOf('openai/multibyte.sse');
    const cuts = chunkOffsets(utf8, { seed: 7, minBytes: 64, maxBytes: 64 });
    assert.ok(cuts.some((o) => (utf8[o] & 0xc0) === 0x80), 'a UTF-8 character is split');
    assert.equal(cuts[cuts.length - 1], utf8.length);
  });

  it('chooses a fixture from the model name when nothing is enqueued', async () => {
    const named = await call(provider.url, '/v1/chat/completions', { model: 'deepseek-reasoner' });
    assert.ok(named.body.equals(bytesOf('openai/deepseek-reasoner.sse')));
    assert.match(String(named.headers['content-type']), /text\/event-stream/);
    const unknown = await call(provider.url, '/v1/messages', { model: 'claude-anything' });
    assert.ok(unknown.body.equals(bytesOf('anthropic/long-claude.sse')));
    const ollama = await call(provider.url, '/api/chat', { model: 'think' });
    assert.ok(ollama.body.equals(bytesOf('ollama/think.ndjson')));
    assert.equal(ollama.headers['content-type'], 'application/x-ndjson');
    assert.equal(provider.requests.length, 3);
    assert.deepEqual(provider.requests[2].body, { model: 'think' });
    assert.equal(provider.requests[1].path, '/v1/messages');
  });

  it('lists models and accepts scenarios and request queries over HTTP', async () => {
    const models = JSON.parse((await call(provider.url, '/v1/models')).body.toString());
    assert.equal(models.object, 'list');
    assert.ok(models.data.some((m: { id: string }) => m.id === 'deepseek-reasoner'));
    const tags = JSON.parse((await call(provider.url, '/api/tags')).body.toString());
    assert.ok(tags.models.some((m: { name: string }) => m.name === 'long-qwen'));

    await call(provider.url, '/__scenario', openAiError(401, 'Incorrect API key provided'));
    const reply = await call(provider.url, '/chat/completions', { model: 'deepseek-reasoner' });
    assert.equal(reply.status, 401);
    assert.equal(JSON.parse(reply.body.toString()).error.message, 'Incorrect API key provided');
    const recorded = JSON.parse((await call(provider.url, '/__requests')).body.toString());
    assert.deepEqual(
      recorded.map((r: { path: string }) => r.path),
      ['/v1/models', '/api/tags', '/chat/completions'],
    );
  });

  it('sends error statuses, headers and HTML pages', async () => {
    provider.enqueue(
      { ...openAiError(429, 'Rate limit reached'), headers: { 'Retry-After': '1' } },
      anthropicError(529, 'overloaded_error', 'Overloaded'),
      { status: 502, body: htmlErrorPage(502, 'Bad Gateway') },
    );
    const limited = await call(provider.url, '/v1/chat/completions', {});
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '1');
    assert.equal(limited.headers['content-type'], 'application/json');
    assert.equal(JSON.parse(limited.body.toString()).error.type, 'invalid_request_error');
    const overloaded = await call(provider.url, '/v1/messages', {});
    assert.equal(overloaded.status, 529);
    assert.deepEqual(JSON.parse(overloaded.body.toString()).error, { type: 'overloaded_error', message: 'Overloaded' });
    const html = await call(provider.url, '/v1/chat/completions', {});
    assert.equal(html.status, 502);
    assert.equal(html.headers['content-type'], 'text/html');
    assert.match(html.body.toString(), /<title>502 Bad Gateway<\/title>/);
  });

  it('rewrites line endings, adds a BOM and injects comments', async () => {
    const fixture = 'openai/deepseek-reasoner.sse';
    provider.enqueue({ fixture, faults: { crlf: true, bom: true, commentsEvery: 2 } });
    const reply = await call(provider.url, '/v1/chat/completions', {});
    const text = reply.body.toString('utf8');
    assert.equal(text.charCodeAt(0), 0xfeff);
    assert.ok(!/[^\r]\n/.test(text), 'every LF follows a CR');
    assert.equal(text.split(': keep-alive\r\n').length - 1, 1 + 3, 'the original comment plus one every two events');
  });

  it('ends cleanly early, and resets the connection after a byte count', async () => {
    const fixture = 'openai/openrouter.sse';
    provider.enqueue({ fixture, faults: { endAfterBytes: 300 } }, { fixture, faults: { resetAfterBytes: 200 } });
    const ended = await call(provider.url, '/v1/chat/completions', {});
    assert.equal(ended.error, undefined);
    assert.ok(ended.body.equals(bytesOf(fixture).subarray(0, 300)));
    const reset = await call(provider.url, '/v1/chat/completions', {});
    assert.ok(reset.error, 'the client sees the connection break');
    assert.equal(reset.error?.code, 'ECONNRESET');
    assert.ok(reset.body.equals(bytesOf(fixture).subarray(0, 200)));
  });

  it('stalls with the socket open, optionally sending keep-alive comments', async () => {
    provider.enqueue({ fixture: 'openai/azure.sse', faults: { stallAfterBytes: 100, keepAliveMs: 20 } });
    const stalled = await readUntil(provider.url, '/v1/chat/completions', 100);
    await sleep(90);
    assert.equal(stalled.ended(), false);
    stalled.destroy();
    const received = stalled.received();
    assert.ok(received.subarray(0, 100).equals(bytesOf('openai/azure.sse').subarray(0, 100)));
    assert.match(received.subarray(100).toString(), /^(: keep-alive\n\n)+$/);
  });

  it('measures how long the client takes to abort', async () => {
    provider.enqueue({ fixture: 'openai/long-deepseek.sse', faults: { stallAfterBytes: 50 } });
    const open = await readUntil(provider.url, '/v1/chat/completions', 50);
    const closing = provider.waitForClose(0, 1000);
    await sleep(40);
    open.destroy();
    const ms = await closing;
    assert.ok(ms >= 30 && ms < 500, `closed after ${ms} ms`);
    assert.ok(provider.requests[0].closedAt !== undefined);
    await assert.rejects(provider.waitForClose(5, 20), /still open/);
  });

  it('paces chunks and closes promptly while a request hangs', async () => {
    provider.enqueue({ fixture: 'openai/deepseek-reasoner.sse', chunking: { seed: 1, byEvent: true }, pacing: { firstByteDelayMs: 30, perChunkMs: 10 } });
    const started = performance.now();
    const paced = await call(provider.url, '/v1/chat/completions', {});
    assert.ok(paced.body.equals(bytesOf('openai/deepseek-reasoner.sse')));
    assert.ok(performance.now() - started >= 30 + 5 * 10, 'six events, one delay before each but the first');

    provider.enqueue({ faults: { hangBeforeHeaders: true }, body: '' });
    const hanging = call(provider.url, '/v1/chat/completions', {}).catch((e: Error) => e);
    await sleep(20);
    const closing = performance.now();
    await provider.close();
    assert.ok(performance.now() - closing < 500);
    assert.ok((await hanging) instanceof Error);
    provider = await FakeProvider.start();
  });

  it('builds a huge single-line event of the requested size', () => {
    const event = hugeLineEvent(1_000_000);
    assert.equal(Buffer.byteLength(event), 1_000_000);
    assert.equal(event.indexOf('\n'), event.length - 2);
    assert.equal(JSON.parse(event.slice(6)).choices[0].delta.content.length > 999_000, true);
  });

  it('has a manifest entry for every fixture file and a file for every entry', () => {
    const manifest = JSON.parse(readFileSync(join(fixtures, 'manifest.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    const files = CHAT_ROUTES.flatMap((kind) => readdirSync(join(fixtures, kind)).map((f) => `${kind}/${f}`));
    assert.deepEqual(Object.keys(manifest).sort(), files.sort());
    for (const [file, entry] of Object.entries(manifest)) {
      assert.equal(entry.kind, file.split('/')[0], file);
      for (const key of ['model', 'reasoning', 'content', 'usage', 'finish', 'error', 'notes']) assert.ok(key in entry, `${file} has ${key}`);
    }
  });
});

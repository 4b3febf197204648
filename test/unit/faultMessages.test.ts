// The faults a run against real servers and proxies found misreported, each through
// the whole core path (transport, decoder, session) against the loopback fake.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import * as path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { ChatSession, type SessionOptions, type SessionResult } from '../../src/core/session/session';
import { providerFromKind } from '../../src/core/providers/presets';
import { describeHttpError } from '../../src/core/transport/errors';
import type { ProviderConfig } from '../../src/core/types';
import { FakeProvider, openAiError } from '../support/fakeProvider';

const FIXTURE = 'openai/deepseek-reasoner.sse';

describe('fault messages through the core', function () {
  this.timeout(20_000);
  let fake: FakeProvider;
  let openai: ProviderConfig;

  before(async () => {
    fake = await FakeProvider.start();
    openai = providerFromKind('openai', `${fake.url}/v1`, 'deepseek-reasoner');
  });
  after(() => fake.close());

  function ask(extra: Partial<SessionOptions> = {}): Promise<SessionResult> {
    return new ChatSession({ provider: openai, request: { messages: [{ role: 'user', content: 'hi' }] }, retry: { maxRetries: 0 }, ...extra }).start();
  }

  describe('a stream of nothing but keep-alives', () => {
    it('ends on the no-data limit though the idle limit never fires, and closes the socket', async () => {
      fake.enqueue({ fixture: FIXTURE, faults: { stallAfterBytes: 0, keepAliveMs: 40 } });
      const index = fake.requests.length;
      const started = Date.now();
      const r = await ask({ timeouts: { idleMs: 300, noDataMs: 600 } });
      assert.equal(r.status, 'error');
      assert.equal(r.error!.kind, 'timeout');
      assert.equal(r.error!.timeout, 'no-data');
      assert.match(r.error!.message, /sent no model data for 600ms, only keep-alives \(no-data timeout; raise the no-data timeout/);
      assert.ok(Date.now() - started < 3000, 'it waited far past the limit');
      await fake.waitForClose(index, 2000);
    });

    it('ends the same way after reasoning began, keeping the reasoning exactly', async () => {
      // Cut right before the event that starts the answer: all the reasoning is out.
      const bytes = readFixture(FIXTURE);
      const before = bytes.subarray(0, bytes.indexOf('"content":"Hello!"')).lastIndexOf('\n\n') + 2;
      fake.enqueue({ fixture: FIXTURE, faults: { stallAfterBytes: before, keepAliveMs: 40 } });
      const r = await ask({ timeouts: { idleMs: 300, noDataMs: 500 } });
      assert.equal(r.status, 'error');
      assert.equal(r.error!.timeout, 'no-data');
      assert.equal(r.reasoning, 'Hmm, a greeting.');
      assert.equal(r.content, '');
    });

    it('names the knob as the caller calls it', async () => {
      fake.enqueue({ fixture: FIXTURE, faults: { stallAfterBytes: 0, keepAliveMs: 40 } });
      const r = await ask({
        timeouts: { noDataMs: 300 },
        limitNames: { connect: 'c', 'first-byte': 'f', idle: 'i', 'no-data': '--no-data-timeout' },
      });
      assert.match(r.error!.message, /raise --no-data-timeout/);
    });

    it('does not fire while the model keeps sending, however slowly', async () => {
      fake.enqueue({ fixture: FIXTURE, chunking: { seed: 1, byEvent: true }, pacing: { perChunkMs: 120 } });
      const r = await ask({ timeouts: { noDataMs: 400 } });
      assert.equal(r.status, 'done');
      assert.equal(r.content, 'Hello!');
    });
  });

  describe('a body that is not a plain event stream', () => {
    for (const coding of ['gzip', 'deflate', 'br'] as const) {
      it(`decodes a ${coding}-encoded stream, however it is cut`, async () => {
        fake.enqueue({ fixture: 'openai/long-deepseek.sse', faults: { contentEncoding: coding }, chunking: { seed: 4, minBytes: 1, maxBytes: 300 } });
        const r = await ask();
        assert.equal(r.status, 'done', r.error?.message);
        assert.ok(r.reasoning.startsWith('Okay, the user pasted a TypeScript debounce helper'));
        assert.ok(r.content.length > 500);
      });
    }

    it('asks for no compression', async () => {
      fake.enqueue({ fixture: FIXTURE });
      await ask();
      assert.equal(fake.requests.at(-1)!.headers['accept-encoding'], 'identity');
    });

    it('names a compressed answer cut short, keeping what was decoded', async () => {
      fake.enqueue({ fixture: 'openai/long-deepseek.sse', faults: { contentEncoding: 'gzip', endAfterBytes: 3000 } });
      const r = await ask();
      assert.equal(r.status, 'error');
      assert.match(r.error!.message, /gzip-encoded answer could not be decoded: it is cut off or corrupt/);
      assert.ok(r.reasoning.length > 100, 'the decoded part was lost');
    });

    it('names a coding it cannot read', async () => {
      fake.enqueue({ fixture: FIXTURE, faults: { contentEncoding: 'zstd' } });
      const r = await ask();
      assert.equal(r.status, 'error');
      assert.match(r.error!.message, /^The server sent a zstd-encoded answer, which Thinkstream cannot decode/);
    });

    it('says text/plain instead of "connection closed"', async () => {
      fake.enqueue({ body: 'Service is up. Try /v2 instead.\n', headers: { 'content-type': 'text/plain; charset=utf-8' } });
      const r = await ask();
      assert.equal(r.status, 'error');
      assert.equal(r.error!.message, 'The server answered with text/plain instead of an event stream: "Service is up. Try /v2 instead." — check the base URL.');
      assert.equal(r.error!.retryable, false);
    });

    it('says binary noise held no event', async () => {
      fake.enqueue({ body: Buffer.concat([Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0x41, 0x42]), Buffer.from('\n')]) });
      const r = await ask();
      assert.equal(r.status, 'error');
      assert.match(r.error!.message, /^The server answered 200 but sent no events: 1 line that is not JSON/);
    });

    it('does not follow a redirect to another origin, and says where it pointed', async () => {
      fake.enqueue({ status: 307, headers: { location: 'http://127.0.0.1:9/elsewhere/v1/chat/completions?token=abc' }, body: '' });
      const r = await ask({ apiKey: 'sk-redirect-test-0123456789' });
      assert.equal(r.status, 'error');
      assert.match(r.error!.message, /^HTTP 307 Temporary Redirect — the server redirects to http:\/\/127\.0\.0\.1:9\/elsewhere\/v1\/chat\/completions; redirects are not followed/);
      assert.doesNotMatch(r.error!.message, /token=abc/);
    });

    it('says an empty 200 is empty', async () => {
      fake.enqueue({ body: '' });
      const r = await ask();
      assert.equal(r.status, 'error');
      assert.match(r.error!.message, /^The server answered with an empty body instead of an event stream/);
    });

    it('still calls a stream of keep-alives that simply ends a stream cut short', async () => {
      fake.enqueue({ body: ': keep-alive\n\n: keep-alive\n\n' });
      const r = await ask();
      assert.match(r.error!.message, /closed before the model finished/);
    });
  });

  describe('attempts', () => {
    it('counts every request the server saw when all retries failed', async () => {
      fake.enqueue(openAiError(503, 'busy'), openAiError(503, 'busy'), openAiError(503, 'busy'));
      const index = fake.requests.length;
      const r = await ask({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 } });
      assert.equal(fake.requests.length - index, 3);
      assert.equal(r.metrics.attempts, 3);
      assert.match(r.error!.message, / \(after 3 attempts\)$/);
    });

    it('counts the failed attempts before a success', async () => {
      fake.enqueue(openAiError(503, 'busy'), { fixture: FIXTURE });
      const r = await ask({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 } });
      assert.equal(r.status, 'done');
      assert.equal(r.metrics.attempts, 2);
    });
  });

  describe('HTTP 5xx wording', () => {
    const message = (status: number) => describeHttpError(status, '', '', undefined, 'openai', []).message;
    it('says overloaded only for 503 and 529, and gateway for 502 and 504', () => {
      assert.match(message(503), /overloaded/);
      assert.match(message(529), /overloaded/);
      assert.match(message(502), /^HTTP 502 Bad Gateway — a gateway in front of the model/);
      assert.match(message(504), /^HTTP 504 Gateway Timeout — a gateway in front of the model timed out/);
      assert.equal(message(500), 'HTTP 500 Internal Server Error — the server had an internal error');
      assert.match(message(501), /does not support this request/);
      for (const status of [500, 501, 505, 507, 520]) assert.doesNotMatch(message(status), /overload/, String(status));
    });
  });

  describe('proxies', () => {
    let proxy: Server;
    let proxyUrl: string;
    const sockets = new Set<Socket>();
    before(async () => {
      // Answers every CONNECT as a proxy with Basic auth does when the password is wrong.
      proxy = createServer();
      proxy.on('connect', (_req, socket: Socket) => {
        socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="p"\r\ncontent-length: 0\r\n\r\n');
      });
      proxy.on('connection', (s: Socket) => {
        sockets.add(s);
        s.once('close', () => sockets.delete(s));
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      proxyUrl = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    });
    after(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => proxy.close(r));
    });

    it('says the proxy rejected the credentials when a password was given, and never shows it', async () => {
      const r = await ask({ proxy: `http://alice:pr0xy-s3cret-pw@${proxyUrl}` });
      assert.equal(r.error!.kind, 'proxy');
      assert.equal(r.error!.message, `The proxy http://${proxyUrl} rejected the proxy credentials (HTTP 407) — check the user name and password in the proxy URL`);
      assert.ok(!JSON.stringify(r).includes('pr0xy-s3cret-pw'));
    });

    it('says the proxy needs credentials when none were given', async () => {
      const r = await ask({ proxy: `http://${proxyUrl}` });
      assert.match(r.error!.message, /needs proxy credentials \(HTTP 407\)/);
    });

    it('names a dead proxy rather than the model server', async () => {
      const dead = createServer();
      await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
      const port = (dead.address() as AddressInfo).port;
      await new Promise((r) => dead.close(r));
      const r = await ask({ proxy: `http://127.0.0.1:${port}` });
      assert.equal(r.error!.kind, 'proxy');
      assert.match(r.error!.message, new RegExp(`^Could not connect to the proxy http://127\\.0\\.0\\.1:${port} \\(on the way to 127\\.0\\.0\\.1:\\d+\\): connection refused — is the proxy running\\?`));
      assert.doesNotMatch(r.error!.message, /is the server running/);
    });
  });
});

function readFixture(name: string): Buffer {
  return fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures', name));
}

import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { openStream, type TransportOptions, type StreamingResponse } from '../../src/core/transport/http';
import { RequestError } from '../../src/core/transport/errors';

// Tiny loopback servers only; every timeout is tens of milliseconds so the file runs in seconds.

interface TestServer {
  url: string;
  port: number;
  requests: number;
  /** Resolves at the next request the server receives. */
  nextRequest(): Promise<http.IncomingMessage>;
  /** Resolves with performance.now() when the server sees the most recent connection close. */
  nextClose(): Promise<number>;
  close(): Promise<void>;
}

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  let closeWaiters: Array<(t: number) => void> = [];
  let requestWaiters: Array<(r: http.IncomingMessage) => void> = [];
  const server = http.createServer((req, res) => {
    state.requests++;
    for (const w of requestWaiters.splice(0)) w(req);
    handler(req, res, state.requests);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      const t = performance.now();
      for (const w of closeWaiters.splice(0)) w(t);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const state: TestServer = {
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    port,
    requests: 0,
    nextRequest: () => new Promise((r) => requestWaiters.push(r)),
    nextClose: () => new Promise((r) => closeWaiters.push(r)),
    close: async () => {
      for (const s of sockets) s.destroy();
      closeWaiters = [];
      requestWaiters = [];
      await new Promise((r) => server.close(() => r(undefined)));
    },
  };
  servers.push(state);
  return state;
}

/** A TCP server that accepts and never speaks: a TLS handshake against it never finishes. */
async function silentTcpServer(): Promise<{ port: number; connections: net.Socket[]; nextClose(): Promise<number> }> {
  const connections: net.Socket[] = [];
  let closeWaiters: Array<(t: number) => void> = [];
  const server = net.createServer((socket) => {
    connections.push(socket);
    socket.on('error', () => {});
    // Reading is how a server notices the peer has gone.
    socket.resume();
    socket.on('close', () => {
      const t = performance.now();
      for (const w of closeWaiters.splice(0)) w(t);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push({
    close: async () => {
      for (const s of connections) s.destroy();
      closeWaiters = [];
      await new Promise((r) => server.close(() => r(undefined)));
    },
  });
  return { port: (server.address() as AddressInfo).port, connections, nextClose: () => new Promise((r) => closeWaiters.push(r)) };
}

function options(extra: Partial<TransportOptions> = {}): TransportOptions {
  return {
    timeouts: { connectMs: 1000, firstByteMs: 1000, idleMs: 1000 },
    retry: { maxRetries: 0, baseDelayMs: 5, maxDelayMs: 20 },
    env: {},
    ...extra,
  };
}

const post = (url: string, headers: Record<string, string> = {}) => ({ url, method: 'POST' as const, headers: { 'content-type': 'application/json', ...headers }, body: '{"stream":true}' });

async function readAll(response: StreamingResponse): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of response.body) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
}

async function rejection(promise: Promise<unknown>): Promise<RequestError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof RequestError, `expected a RequestError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 2));
}

describe('transport: streaming', () => {
  it('hands out the raw body and reports status, headers, timing and attempts', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'r1' });
      res.write('data: {"a":1}\n\n');
      setTimeout(() => res.end('data: [DONE]\n\n'), 10);
    });
    const response = await openStream(post(server.url), options());
    assert.equal(response.status, 200);
    assert.equal(response.headers['x-request-id'], 'r1');
    assert.equal(response.attempts, 1);
    assert.ok(response.headersMs >= 0 && response.headersMs < 1000);
    assert.equal(await readAll(response), 'data: {"a":1}\n\ndata: [DONE]\n\n');
  });

  it('sends the method, path, query, headers and body as given', async () => {
    let seen: { method?: string; url?: string; auth?: string; body: string } = { body: '' };
    const server = await serve((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen = { method: req.method, url: req.url, auth: req.headers.authorization, body };
        res.end('ok');
      });
    });
    const response = await openStream(post(`${server.url}?x=1`, { authorization: 'Bearer sk-abcdef' }), options());
    assert.equal(await readAll(response), 'ok');
    assert.deepEqual(seen, { method: 'POST', url: '/v1/chat/completions?x=1', auth: 'Bearer sk-abcdef', body: '{"stream":true}' });
  });
});

describe('transport: timeouts', () => {
  it('connect timeout: names the host and the limit, and closes the half-open socket', async () => {
    const tcp = await silentTcpServer();
    const started = performance.now();
    const closed = tcp.nextClose();
    const err = await rejection(
      openStream(post(`https://127.0.0.1:${tcp.port}/v1`), options({ timeouts: { connectMs: 60, firstByteMs: 5000, idleMs: 5000 } })),
    );
    assert.equal(err.kind, 'timeout');
    assert.equal(err.timeout, 'connect');
    assert.equal(err.message, `Could not connect to 127.0.0.1:${tcp.port} within 60ms`);
    assert.ok(performance.now() - started < 1000);
    assert.ok((await closed) - started < 1000);
  });

  it('first-byte timeout before any headers: specific message, no retry', async () => {
    const server = await serve(() => {
      /* never answers */
    });
    const closed = server.nextClose();
    const err = await rejection(
      openStream(
        post(server.url),
        options({ timeouts: { connectMs: 1000, firstByteMs: 60, idleMs: 5000 }, retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1 } }),
      ),
    );
    assert.equal(err.kind, 'timeout');
    assert.equal(err.timeout, 'first-byte');
    assert.equal(
      err.message,
      `No response from 127.0.0.1:${server.port} within 60ms (first-byte timeout; raise the first-byte timeout for slow local models)`,
    );
    assert.equal(server.requests, 1);
    await closed;
  });

  it('first-byte timeout keeps running after the headers until the first body byte', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
    });
    const response = await openStream(post(server.url), options({ timeouts: { connectMs: 1000, firstByteMs: 60, idleMs: 5000 } }));
    assert.equal(response.status, 200);
    const closed = server.nextClose();
    const err = await rejection(readAll(response));
    assert.equal(err.kind, 'timeout');
    assert.equal(err.timeout, 'first-byte');
    assert.match(err.message, /^No response from 127\.0\.0\.1:\d+ within 60ms \(first-byte timeout/);
    await closed;
  });

  it('a slow first byte within the limit is fine', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200);
      res.flushHeaders();
      setTimeout(() => res.end('late'), 40);
    });
    const response = await openStream(post(server.url), options({ timeouts: { connectMs: 1000, firstByteMs: 150, idleMs: 10 } }));
    assert.equal(await readAll(response), 'late');
  });

  it('idle timeout: fires when the stream stalls after data began, and closes the socket', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"x":1}\n\n');
    });
    const response = await openStream(post(server.url), options({ timeouts: { connectMs: 1000, firstByteMs: 1000, idleMs: 60 } }));
    const chunks: string[] = [];
    const closed = server.nextClose();
    const err = await rejection(
      (async () => {
        for await (const chunk of response.body) chunks.push(Buffer.from(chunk).toString());
      })(),
    );
    assert.deepEqual(chunks, ['data: {"x":1}\n\n']);
    assert.equal(err.kind, 'timeout');
    assert.equal(err.timeout, 'idle');
    assert.equal(err.message, 'The stream stalled: no data for 60ms (idle timeout; raise the idle timeout if the model pauses longer)');
    assert.equal(err.retryable, false);
    await closed;
  });

  it('idle timeout does not fire while keep-alive comments keep coming', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': keep-alive\n\n');
      let n = 1;
      const tick = setInterval(() => {
        res.write(': keep-alive\n\n');
        if (++n === 10) {
          clearInterval(tick);
          res.end('data: done\n\n');
        }
      }, 20);
    });
    const response = await openStream(post(server.url), options({ timeouts: { connectMs: 1000, firstByteMs: 200, idleMs: 100 } }));
    const text = await readAll(response);
    assert.equal(text.split(': keep-alive').length - 1, 10);
    assert.ok(text.endsWith('data: done\n\n'));
  });

  it('0 disables a timeout', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200);
      res.write('a');
      setTimeout(() => res.end('b'), 50);
    });
    const response = await openStream(post(server.url), options({ timeouts: { connectMs: 0, firstByteMs: 0, idleMs: 0 } }));
    assert.equal(await readAll(response), 'ab');
  });
});

describe('transport: abort', () => {
  it('while waiting for headers: the server sees the close within 100 ms', async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const request = server.nextRequest();
    const pending = openStream(post(server.url), options({ signal: controller.signal }));
    await request;
    const closed = server.nextClose();
    const abortedAt = performance.now();
    controller.abort();
    const err = await rejection(pending);
    assert.equal(err.kind, 'cancelled');
    assert.ok((await closed) - abortedAt < 100);
  });

  it('mid-body: the server sees the close within 100 ms and the reader gets "aborted"', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
    });
    const controller = new AbortController();
    const response = await openStream(post(server.url), options({ signal: controller.signal }));
    const iterator = response.body[Symbol.asyncIterator]();
    const first = await iterator.next();
    assert.equal(Buffer.from(first.value as Uint8Array).toString(), 'data: first\n\n');
    const pendingRead = iterator.next();
    const closed = server.nextClose();
    const abortedAt = performance.now();
    controller.abort();
    const err = await rejection(pendingRead);
    assert.equal(err.kind, 'cancelled');
    assert.ok((await closed) - abortedAt < 100);
  });

  it('during a TLS handshake that never ends: the socket closes within 100 ms', async () => {
    const tcp = await silentTcpServer();
    const controller = new AbortController();
    const pending = openStream(post(`https://127.0.0.1:${tcp.port}/v1`), options({ signal: controller.signal }));
    await until(() => tcp.connections.length === 1);
    const closed = tcp.nextClose();
    const abortedAt = performance.now();
    controller.abort();
    assert.equal((await rejection(pending)).kind, 'cancelled');
    assert.ok((await closed) - abortedAt < 100);
  });

  it('during a retry backoff: stops waiting at once', async () => {
    const server = await serve((req, res) => {
      res.writeHead(503, { 'retry-after': '30' });
      res.end('busy');
    });
    const controller = new AbortController();
    let abortedAt = 0;
    const err = await rejection(
      openStream(
        post(server.url),
        options({
          signal: controller.signal,
          retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 10 },
          onRetry: () => {
            abortedAt = performance.now();
            setTimeout(() => controller.abort(), 5);
          },
        }),
      ),
    );
    assert.equal(err.kind, 'cancelled');
    assert.ok(performance.now() - abortedAt < 100);
    assert.equal(server.requests, 1);
  });

  it('an already aborted signal sends nothing', async () => {
    const server = await serve((req, res) => res.end());
    const err = await rejection(openStream(post(server.url), options({ signal: AbortSignal.abort() })));
    assert.equal(err.kind, 'cancelled');
    assert.equal(server.requests, 0);
  });

  it('leaving the for-await loop early closes the connection', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200);
      res.write('one');
    });
    const response = await openStream(post(server.url), options());
    const closed = server.nextClose();
    for await (const chunk of response.body) {
      assert.equal(Buffer.from(chunk).toString(), 'one');
      break;
    }
    await closed;
  });
});

describe('transport: retries', () => {
  const fast = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 };

  it('retries 503 then succeeds, draining the failed body', async () => {
    const server = await serve((req, res, n) => {
      if (n < 3) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"busy"}}');
      } else {
        res.end('data: ok\n\n');
      }
    });
    const retries: Array<{ attempt: number; delayMs: number; reason: string }> = [];
    const response = await openStream(post(server.url), options({ retry: fast, onRetry: (i) => retries.push(i) }));
    assert.equal(await readAll(response), 'data: ok\n\n');
    assert.equal(server.requests, 3);
    assert.equal(response.attempts, 3);
    assert.deepEqual(retries.map((r) => r.attempt), [1, 2]);
    assert.match(retries[0].reason, /^HTTP 503 Service Unavailable: busy/);
  });

  for (const status of [408, 409, 429, 500, 502, 529]) {
    it(`retries ${status}`, async () => {
      const server = await serve((req, res, n) => {
        res.statusCode = n === 1 ? status : 200;
        res.end(n === 1 ? 'no' : 'yes');
      });
      const response = await openStream(post(server.url), options({ retry: fast }));
      assert.equal(await readAll(response), 'yes');
      assert.equal(server.requests, 2);
    });
  }

  for (const status of [400, 401, 403, 404, 422]) {
    it(`does not retry ${status}`, async () => {
      const server = await serve((req, res) => {
        res.statusCode = status;
        res.end('{"error":{"message":"nope"}}');
      });
      const err = await rejection(openStream(post(server.url), options({ retry: fast })));
      assert.equal(err.kind, 'http');
      assert.equal(err.status, status);
      assert.equal(err.providerMessage, 'nope');
      assert.equal(server.requests, 1);
    });
  }

  it('stops after maxRetries and reports the last failure', async () => {
    const server = await serve((req, res) => {
      res.statusCode = 503;
      res.end();
    });
    const err = await rejection(openStream(post(server.url), options({ retry: fast })));
    assert.equal(server.requests, 4);
    assert.equal(err.status, 503);
    assert.equal(err.retryable, true);
    assert.equal(err.message, 'HTTP 503 Service Unavailable — the server is overloaded or down for maintenance — try again later (after 4 attempts)');
    assert.equal(err.attempts, 4);
  });

  it('never retries once a 2xx body has started', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200);
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const response = await openStream(post(server.url), options({ retry: fast }));
    const err = await rejection(readAll(response));
    assert.equal(err.kind, 'network');
    // Worth retrying by hand (the retry rule), but never automatically: part of the answer was handed out.
    assert.equal(err.retryable, true);
    assert.equal(server.requests, 1);
  });

  it('retries a connection reset before the headers', async () => {
    const server = await serve((req, res, n) => {
      if (n === 1) req.socket.destroy();
      else res.end('second');
    });
    const response = await openStream(post(server.url), options({ retry: fast }));
    assert.equal(await readAll(response), 'second');
    assert.equal(server.requests, 2);
  });

  it('retries a refused connection, boundedly', async () => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    let retries = 0;
    const err = await rejection(openStream(post(`http://127.0.0.1:${port}/v1`), options({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 }, onRetry: () => retries++ })));
    assert.equal(err.kind, 'connect');
    assert.equal(err.code, 'ECONNREFUSED');
    assert.match(err.message, new RegExp(`^Could not connect to 127\\.0\\.0\\.1:${port}: connection refused`));
    assert.equal(retries, 2);
  });

  it('backoff delays have full jitter under a growing ceiling', async () => {
    const server = await serve((req, res) => {
      res.statusCode = 500;
      res.end();
    });
    const settings = { maxRetries: 4, baseDelayMs: 4, maxDelayMs: 20 };
    const pinned: number[] = [];
    await rejection(openStream(post(server.url), options({ retry: settings, random: () => 0.999, onRetry: (i) => pinned.push(i.delayMs) })));
    assert.deepEqual(pinned, [3, 7, 15, 19]);
    const drawn: number[] = [];
    await rejection(openStream(post(server.url), options({ retry: settings, random: () => 0.5, onRetry: (i) => drawn.push(i.delayMs) })));
    assert.deepEqual(drawn, [2, 4, 8, 10]);
  });

  it('honours Retry-After in seconds instead of the computed delay', async () => {
    const server = await serve((req, res, n) => {
      res.writeHead(n === 1 ? 429 : 200, n === 1 ? { 'retry-after': '0.1' } : {});
      res.end(n === 1 ? '' : 'ok');
    });
    const delays: number[] = [];
    const started = performance.now();
    const response = await openStream(post(server.url), options({ retry: { maxRetries: 1, baseDelayMs: 5000, maxDelayMs: 5000 }, onRetry: (i) => delays.push(i.delayMs) }));
    assert.equal(await readAll(response), 'ok');
    assert.deepEqual(delays, [100]);
    assert.ok(performance.now() - started >= 95);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const server = await serve((req, res, n) => {
      const at = new Date(Date.now() + 2000).toUTCString();
      res.writeHead(n === 1 ? 503 : 200, n === 1 ? { 'retry-after': at } : {});
      res.end();
    });
    const controller = new AbortController();
    const delays: number[] = [];
    const err = await rejection(
      openStream(
        post(server.url),
        options({
          signal: controller.signal,
          retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 },
          onRetry: (i) => {
            delays.push(i.delayMs);
            controller.abort();
          },
        }),
      ),
    );
    assert.equal(err.kind, 'cancelled');
    // The date has whole seconds, so the wait is between 1 and 2 s; anything but the 1 ms backoff.
    assert.ok(delays[0] > 900 && delays[0] <= 2000, String(delays[0]));
  });

  it('does not wait out a Retry-After beyond the cap; says when to retry', async () => {
    const server = await serve((req, res) => {
      res.writeHead(429, { 'retry-after': '3600', 'content-type': 'application/json' });
      res.end('{"error":{"message":"Rate limit reached"}}');
    });
    const started = performance.now();
    const err = await rejection(openStream(post(server.url), options({ retry: fast })));
    assert.ok(performance.now() - started < 500);
    assert.equal(server.requests, 1);
    assert.equal(err.status, 429);
    assert.equal(err.retryAfterMs, 3_600_000);
    assert.match(err.message, /^HTTP 429 Too Many Requests: Rate limit reached — rate limited — try again later \(the server asks to retry in 60 min, after \d\d:\d\d:\d\d\)$/);
  });
});

describe('transport: proxy', () => {
  interface TestProxy {
    url: string;
    tunnels: string[];
    forwarded: string[];
  }

  /** Handles CONNECT tunnels and absolute-URI requests, recording each. */
  async function startProxy(): Promise<TestProxy> {
    const record: TestProxy = { url: '', tunnels: [], forwarded: [] };
    const sockets = new Set<net.Socket>();
    const proxy = http.createServer((req, res) => {
      record.forwarded.push(req.url ?? '');
      const target = new URL(req.url ?? '');
      const upstream = http.request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    proxy.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      record.tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
    });
    proxy.listen(0, '127.0.0.1');
    await once(proxy, 'listening');
    record.url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    servers.push({
      close: async () => {
        for (const s of sockets) s.destroy();
        await new Promise((r) => proxy.close(() => r(undefined)));
      },
    });
    return record;
  }

  async function target(): Promise<TestServer> {
    return serve((req, res) => res.end('via?'));
  }

  it('goes through the explicit proxy', async () => {
    const [proxy, server] = await Promise.all([startProxy(), target()]);
    const response = await openStream(post(server.url), options({ proxy: proxy.url, env: { NO_PROXY: '*' } }));
    assert.equal(await readAll(response), 'via?');
    assert.deepEqual([...proxy.tunnels, ...proxy.forwarded].length, 1);
    assert.ok([...proxy.tunnels, ...proxy.forwarded][0].includes(`127.0.0.1:${server.port}`));
  });

  it('goes through HTTP_PROXY from the environment', async () => {
    const [proxy, server] = await Promise.all([startProxy(), target()]);
    const response = await openStream(post(server.url), options({ env: { HTTP_PROXY: proxy.url } }));
    assert.equal(await readAll(response), 'via?');
    assert.equal(proxy.tunnels.length + proxy.forwarded.length, 1);
  });

  it('bypasses the environment proxy for hosts in NO_PROXY', async () => {
    const [proxy, server] = await Promise.all([startProxy(), target()]);
    for (const noProxy of ['127.0.0.1', `localhost, 127.0.0.1:${server.port}`, '*']) {
      const response = await openStream(post(server.url), options({ env: { http_proxy: proxy.url, no_proxy: noProxy } }));
      assert.equal(await readAll(response), 'via?');
    }
    assert.equal(proxy.tunnels.length + proxy.forwarded.length, 0);
    assert.equal(server.requests, 3);
  });

  it('does not use HTTPS_PROXY for an http target', async () => {
    const [proxy, server] = await Promise.all([startProxy(), target()]);
    const response = await openStream(post(server.url), options({ env: { HTTPS_PROXY: proxy.url } }));
    assert.equal(await readAll(response), 'via?');
    assert.equal(proxy.tunnels.length + proxy.forwarded.length, 0);
  });

  it('an unreachable proxy is a proxy error that names it, and its password never shows', async () => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const server = await target();
    const err = await rejection(openStream(post(server.url), options({ proxy: `http://user:hunter22secret@127.0.0.1:${port}` })));
    assert.equal(err.kind, 'proxy');
    assert.ok(err.message.startsWith(`Could not connect to the proxy http://127.0.0.1:${port} `), err.message);
    assert.match(err.message, /connection refused — is the proxy running\?/);
    assert.ok(!err.message.includes('hunter22secret'));
    assert.equal(server.requests, 0);
  });

  it('refuses a proxy scheme undici cannot speak', async () => {
    const server = await target();
    const err = await rejection(openStream(post(server.url), options({ env: { HTTP_PROXY: 'socks5://127.0.0.1:1080' } })));
    assert.equal(err.kind, 'proxy');
    assert.match(err.message, /^Unsupported proxy socks5:\/\/127\.0\.0\.1:1080/);
    assert.equal(server.requests, 0);
  });

  it('a proxy that never answers CONNECT hits the connect timeout, which names the proxy', async () => {
    const silent = await silentTcpServer();
    const server = await target();
    const err = await rejection(
      openStream(post(server.url), options({ proxy: `http://127.0.0.1:${silent.port}`, timeouts: { connectMs: 60, firstByteMs: 5000, idleMs: 5000 } })),
    );
    assert.equal(err.kind, 'timeout');
    assert.equal(err.timeout, 'connect');
    assert.equal(err.message, `Could not connect to 127.0.0.1:${server.port} within 60ms through the proxy http://127.0.0.1:${silent.port}`);
  });

  it('a proxy asking for credentials (407) is reported as such, not retried', async () => {
    const server = await target();
    const proxy = http.createServer();
    let connects = 0;
    proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
      connects++;
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
    });
    proxy.listen(0, '127.0.0.1');
    await once(proxy, 'listening');
    servers.push({ close: () => new Promise((r) => proxy.close(() => r())) });
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const err = await rejection(openStream(post(server.url), options({ proxy: proxyUrl, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 } })));
    assert.equal(err.kind, 'proxy');
    assert.equal(err.retryable, false);
    assert.match(err.message, /^The proxy http:\/\/127\.0\.0\.1:\d+ needs proxy credentials \(HTTP 407\)/);
    assert.equal(connects, 1);
  });

  it('abort while tunnelling through the proxy closes the connection within 100 ms', async () => {
    const proxy = await startProxy();
    const server = await serve(() => {});
    const controller = new AbortController();
    const request = server.nextRequest();
    const pending = openStream(post(server.url), options({ proxy: proxy.url, signal: controller.signal }));
    await request;
    const closed = server.nextClose();
    const abortedAt = performance.now();
    controller.abort();
    assert.equal((await rejection(pending)).kind, 'cancelled');
    assert.ok((await closed) - abortedAt < 100);
    assert.equal(proxy.tunnels.length, 1);
  });
});

describe('transport: error bodies end to end', () => {
  const KEY = 'sk-live/Echo+Key=0123456789';

  async function failWith(status: number, contentType: string, body: string): Promise<RequestError> {
    const server = await serve((req, res) => {
      res.writeHead(status, { 'content-type': contentType });
      res.end(body);
    });
    return rejection(openStream(post(`${server.url}?key=${encodeURIComponent(KEY)}`, { authorization: `Bearer ${KEY}` }), options({ secrets: [KEY], providerKind: 'openai' })));
  }

  it('a 401 that echoes the key in JSON', async () => {
    const err = await failWith(401, 'application/json', JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}.`, type: 'invalid_request_error' } }));
    assert.equal(err.message, 'HTTP 401 Unauthorized: Incorrect API key provided: ***. — check the API key');
    assert.equal(err.providerMessage, 'Incorrect API key provided: ***.');
  });

  it('an HTML page that echoes the key in its title', async () => {
    const err = await failWith(403, 'text/html', `<html><head><title>Forbidden: ${KEY}</title></head><body>${KEY}</body></html>`);
    assert.equal(err.message, 'HTTP 403 Forbidden: Forbidden: *** — check the API key');
  });

  it('a plain-text body that echoes the URL with the key encoded', async () => {
    const err = await failWith(404, 'text/plain', `no route for /v1/chat/completions?key=${encodeURIComponent(KEY)}`);
    assert.equal(err.message, 'HTTP 404 Not Found: no route for /v1/chat/completions?key=*** — check the base URL and model name');
  });

  it('reads only the first 64 KB of a huge error body', async () => {
    const server = await serve((req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      const chunk = 'e'.repeat(16 * 1024);
      let sent = 0;
      const pump = (): void => {
        while (sent < 400 && res.write(chunk)) sent++;
        if (sent < 400) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    const started = performance.now();
    const err = await rejection(openStream(post(server.url), options()));
    assert.equal(err.status, 500);
    assert.ok(err.message.length < 400);
    assert.ok(performance.now() - started < 1000);
  });
});

import assert from 'node:assert/strict';
import { describeHttpError } from '../../src/core/transport/errors';
import { redactSecrets } from '../../src/core/transport/redact';
import { bypassesProxy, chooseProxy } from '../../src/core/transport/proxy';
import { backoffDelay, isRetryable, retryAfterMs } from '../../src/core/transport/retry';
import { formatDuration } from '../../src/core/transport/timeouts';

const KEY = 'sk-test/abc+def=1234567890';

describe('transport: describeHttpError', () => {
  it('reads the OpenAI / OpenRouter shape and adds the hint', () => {
    const body = JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
    const { message, providerMessage } = describeHttpError(401, 'Unauthorized', body, 'application/json', 'openai', []);
    assert.equal(message, 'HTTP 401 Unauthorized: Incorrect API key provided — check the API key');
    assert.equal(providerMessage, 'Incorrect API key provided');
  });

  it('reads the Anthropic shape, incl. 529 without a reason phrase from the server', () => {
    const body = JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Anthropic is busy' }, request_id: 'req_1' });
    const { message } = describeHttpError(529, '', body, 'application/json', 'anthropic', []);
    assert.equal(message, 'HTTP 529 Overloaded: Anthropic is busy — the server is overloaded or down for maintenance — try again later');
  });

  it('does not repeat a provider message that equals the reason phrase', () => {
    const body = JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    assert.equal(describeHttpError(529, '', body, undefined, 'anthropic', []).message, 'HTTP 529 Overloaded — the server is overloaded or down for maintenance — try again later');
  });

  it('reads the Ollama shape', () => {
    const { message } = describeHttpError(404, 'Not Found', '{"error":"model \\"qwen3:99b\\" not found, try pulling it first"}', 'application/json; charset=utf-8', 'ollama', []);
    assert.equal(message, 'HTTP 404 Not Found: model "qwen3:99b" not found, try pulling it first — check the base URL and model name');
  });

  it('adds the upstream message OpenRouter wraps', () => {
    const body = JSON.stringify({ error: { message: 'Provider returned error', code: 429, metadata: { raw: 'upstream quota exceeded', provider_name: 'X' } } });
    assert.equal(
      describeHttpError(429, 'Too Many Requests', body, 'application/json', 'openai', []).message,
      'HTTP 429 Too Many Requests: Provider returned error (upstream quota exceeded) — rate limited — try again later',
    );
  });

  it('reduces an HTML page to its title', () => {
    const html = '<!DOCTYPE html><html><head><title>502 Bad Gateway &amp; friends</title><style>body{}</style></head><body><h1>nginx</h1><p>lots of markup</p></body></html>';
    const { message, providerMessage } = describeHttpError(502, 'Bad Gateway', html, 'text/html', 'openai', []);
    assert.equal(providerMessage, '502 Bad Gateway & friends');
    assert.equal(message, 'HTTP 502 Bad Gateway: 502 Bad Gateway & friends — a gateway in front of the model got no valid answer from it (it may be overloaded or down)');
    assert.ok(!message.includes('<'));
  });

  it('drops an HTML page without a title', () => {
    const { message } = describeHttpError(503, 'Service Unavailable', '<html><body><p>down</p></body></html>', 'text/html', undefined, []);
    assert.equal(message, 'HTTP 503 Service Unavailable — the server is overloaded or down for maintenance — try again later');
  });

  it('trims plain text to about 300 characters on one line', () => {
    const text = `  upstream\nfailure ${'x'.repeat(1000)}  `;
    const { message, providerMessage } = describeHttpError(500, 'Internal Server Error', text, 'text/plain', 'openai', []);
    assert.ok(providerMessage);
    assert.ok(providerMessage.length <= 300, String(providerMessage.length));
    assert.ok(providerMessage.startsWith('upstream failure xxx'));
    assert.ok(providerMessage.endsWith('…'));
    assert.ok(message.length < 400);
  });

  it('hints 403 and 413, and none for 400', () => {
    assert.match(describeHttpError(403, 'Forbidden', '', undefined, undefined, []).message, /^HTTP 403 Forbidden — check the API key$/);
    assert.match(describeHttpError(413, 'Payload Too Large', '', undefined, undefined, []).message, /the request is too large$/);
    assert.equal(describeHttpError(400, 'Bad Request', '{"error":{"message":"bad"}}', undefined, undefined, []).message, 'HTTP 400 Bad Request: bad');
  });

  it('never shows the key, whether echoed in JSON, HTML or URL-encoded', () => {
    const bodies: Array<[string, string]> = [
      [JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}` } }), 'application/json'],
      [`<html><head><title>Denied for ${KEY}</title></head></html>`, 'text/html'],
      [`GET /v1/chat?key=${encodeURIComponent(KEY)} denied`, 'text/plain'],
      [`GET /v1/chat?key=${encodeURIComponent(KEY).toLowerCase()} denied`, 'text/plain'],
      [JSON.stringify({ error: `bad key ${KEY}` }).replace(/\//g, '\\/'), 'application/json'],
    ];
    for (const [body, type] of bodies) {
      const { message, providerMessage } = describeHttpError(401, 'Unauthorized', body, type, 'openai', [KEY]);
      for (const text of [message, providerMessage ?? '']) {
        assert.ok(!text.includes(KEY), text);
        assert.ok(!text.toLowerCase().includes(encodeURIComponent(KEY).toLowerCase()), text);
        assert.ok(!text.includes('abc+def'), text);
      }
      assert.ok(message.includes('***'), message);
    }
  });

  it('does not leave half a key where the text is trimmed', () => {
    const body = `${'y'.repeat(285)} ${KEY} and more`;
    const { message } = describeHttpError(500, 'Internal Server Error', body, 'text/plain', undefined, [KEY]);
    assert.ok(!message.includes('sk-test'), message);
  });
});

describe('transport: redactSecrets', () => {
  it('replaces raw, URL-encoded and JSON-escaped forms', () => {
    assert.equal(redactSecrets(`a ${KEY} b`, [KEY]), 'a *** b');
    assert.equal(redactSecrets(`?k=${encodeURIComponent(KEY)}&x=1`, [KEY]), '?k=***&x=1');
    assert.equal(redactSecrets(`"${KEY.replace('/', '\\/')}"`, [KEY]), '"***"');
    assert.equal(redactSecrets(`Bearer ${KEY}, again ${KEY}`, [KEY]), 'Bearer ***, again ***');
  });

  it('ignores empty, short and odd secrets and never throws', () => {
    assert.equal(redactSecrets('abc a b', ['', 'a', 'abc']), 'abc a b');
    assert.equal(redactSecrets('', [KEY]), '');
    assert.equal(redactSecrets('text', []), 'text');
    assert.equal(redactSecrets('x \ud800zz y', ['\ud800zz']), 'x \ud800zz y');
    assert.equal(redactSecrets('x \ud800zzzz y', ['\ud800zzzz']), 'x *** y');
    assert.equal(redactSecrets('a.*b a.*bc', ['a.*bc']), 'a.*b ***');
  });
});

describe('transport: proxy choice', () => {
  const https = new URL('https://api.example.com/v1');
  const http = new URL('http://127.0.0.1:11434/api/chat');

  it('prefers the explicit proxy over the environment', () => {
    assert.deepEqual(chooseProxy(https, 'proxy.corp:3128', { HTTPS_PROXY: 'http://env:1' }), { url: 'http://proxy.corp:3128', source: 'option' });
  });

  it('uses HTTPS_PROXY for https and HTTP_PROXY for http, lower case first', () => {
    const env = { HTTPS_PROXY: 'http://upper-s:1', https_proxy: 'http://lower-s:1', HTTP_PROXY: 'http://upper:1' };
    assert.equal(chooseProxy(https, undefined, env).url, 'http://lower-s:1');
    assert.equal(chooseProxy(http, undefined, env).url, 'http://upper:1');
    assert.equal(chooseProxy(http, undefined, { HTTPS_PROXY: 'http://s:1' }).url, undefined);
    // As undici's EnvHttpProxyAgent: https falls back to HTTP_PROXY.
    assert.equal(chooseProxy(https, undefined, { HTTP_PROXY: 'http://p:1' }).url, 'http://p:1');
    assert.equal(chooseProxy(https, undefined, { HTTPS_PROXY: '' }).url, undefined);
  });

  it('honours NO_PROXY: lists, suffixes, .domain, *, host:port', () => {
    assert.equal(bypassesProxy(https, 'example.com'), true);
    assert.equal(bypassesProxy(https, '.example.com'), true);
    assert.equal(bypassesProxy(https, '*.example.com'), true);
    assert.equal(bypassesProxy(https, 'other.com, foo'), false);
    assert.equal(bypassesProxy(https, 'ample.com'), false);
    assert.equal(bypassesProxy(https, '*'), true);
    assert.equal(bypassesProxy(https, 'api.example.com:443'), true);
    assert.equal(bypassesProxy(https, 'api.example.com:8443'), false);
    assert.equal(bypassesProxy(http, 'localhost,127.0.0.1'), true);
    assert.equal(bypassesProxy(http, '127.0.0.1:11434'), true);
    assert.equal(bypassesProxy(http, ''), false);
    assert.equal(bypassesProxy(new URL('http://[::1]:8080/'), '[::1]:8080'), true);
    assert.equal(chooseProxy(http, undefined, { HTTP_PROXY: 'http://p:1', no_proxy: '127.0.0.1' }).url, undefined);
    assert.equal(chooseProxy(http, undefined, { HTTP_PROXY: 'http://p:1', NO_PROXY: 'localhost' }).url, 'http://p:1');
  });

  it('applies the explicit noProxy list to the explicit proxy, not the environment one', () => {
    assert.equal(chooseProxy(http, 'http://p:1', { NO_PROXY: '*' }).url, 'http://p:1');
    assert.equal(chooseProxy(http, 'http://p:1', {}, '127.0.0.1').url, undefined);
  });
});

describe('transport: retry arithmetic', () => {
  const settings = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };

  it('retries exactly 408, 409, 429 and 5xx', () => {
    for (const s of [408, 409, 429, 500, 502, 503, 504, 529, 599]) assert.equal(isRetryable({ kind: 'http', status: s }), true, String(s));
    for (const s of [200, 400, 401, 403, 404, 413, 422, 600]) assert.equal(isRetryable({ kind: 'http', status: s }), false, String(s));
  });

  it('uses full jitter under a doubling ceiling capped at maxDelayMs', () => {
    const top = () => 0.999999;
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(n, settings, top)), [99, 199, 399, 799, 999]);
    assert.equal(backoffDelay(3, settings, () => 0), 0);
    assert.equal(backoffDelay(3, settings, () => 0.5), 200);
    const draws = Array.from({ length: 200 }, () => backoffDelay(3, settings));
    assert.ok(draws.every((d) => d >= 0 && d < 400));
    assert.ok(new Set(draws).size > 20, 'delays are jittered');
  });

  it('reads Retry-After as seconds, as an HTTP date, and retry-after-ms', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    assert.equal(retryAfterMs({ 'retry-after': '7' }, now), 7000);
    assert.equal(retryAfterMs({ 'retry-after': '0.25' }, now), 250);
    assert.equal(retryAfterMs({ 'retry-after': 'Tue, 01 Jan 2030 00:00:30 GMT' }, now), 30_000);
    assert.equal(retryAfterMs({ 'retry-after': 'Mon, 31 Dec 2029 23:00:00 GMT' }, now), 0);
    assert.equal(retryAfterMs({ 'retry-after-ms': '150', 'retry-after': '9' }, now), 150);
    assert.equal(retryAfterMs({ 'retry-after': 'soon' }, now), undefined);
    assert.equal(retryAfterMs({}, now), undefined);
  });

  it('formats durations for messages', () => {
    assert.equal(formatDuration(15_000), '15s');
    assert.equal(formatDuration(300_000), '300s');
    assert.equal(formatDuration(1500), '1.5s');
    assert.equal(formatDuration(50), '50ms');
  });
});

import * as assert from 'node:assert/strict';
import { RequestError } from '../../src/core/transport/errors';
import { isRetryable, type RetryFacts } from '../../src/core/transport/retry';
import { connectTimeoutError, firstByteTimeoutError, idleTimeoutError, abortedError } from '../../src/core/transport/timeouts';
import { networkFailure } from '../../src/core/transport/network-errors';
import { StreamDecoder } from '../../src/core/providers/decoder';
import type { ProviderKind, StreamEvent } from '../../src/core/types';

// One table for every layer: if a row changes, it changes for transport, decoder and session at once.
const TABLE: Array<[RetryFacts, boolean]> = [
  [{ kind: 'http', status: 429 }, true],
  [{ kind: 'http', status: 409 }, true],
  [{ kind: 'http', status: 408 }, true],
  [{ kind: 'http', status: 503 }, true],
  [{ kind: 'http', status: 529 }, true],
  [{ kind: 'http', status: 400 }, false],
  [{ kind: 'http', status: 401 }, false],
  [{ kind: 'http', status: 404 }, false],
  [{ kind: 'http' }, false],
  [{ kind: 'stream', status: 500 }, true],
  [{ kind: 'stream', status: 400 }, false],
  [{ kind: 'stream', providerType: 'overloaded_error' }, true],
  [{ kind: 'stream', providerType: 'rate_limit_exceeded' }, true],
  [{ kind: 'stream', providerType: 'server_error' }, true],
  [{ kind: 'stream', providerType: 'server busy, please try again' }, true],
  [{ kind: 'stream', providerType: 'invalid_request_error' }, false],
  [{ kind: 'stream', providerType: 'insufficient_quota' }, false],
  [{ kind: 'stream' }, false],
  [{ kind: 'connect', code: 'ECONNREFUSED' }, true],
  [{ kind: 'connect', code: 'EAI_AGAIN' }, true],
  [{ kind: 'connect', code: 'ENOTFOUND' }, false],
  [{ kind: 'connect', code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, false],
  [{ kind: 'proxy', status: 407 }, false],
  [{ kind: 'proxy', status: 502 }, true],
  [{ kind: 'proxy', code: 'ECONNREFUSED' }, true],
  [{ kind: 'proxy' }, false],
  [{ kind: 'timeout', timeout: 'connect' }, true],
  [{ kind: 'timeout', timeout: 'first-byte' }, false],
  [{ kind: 'timeout', timeout: 'idle' }, false],
  [{ kind: 'network' }, true],
  [{ kind: 'parse' }, false],
  [{ kind: 'cancelled' }, false],
  [{ kind: 'internal' }, false],
];

describe('the one retry rule', () => {
  it('answers every row of the table', () => {
    for (const [facts, expected] of TABLE) assert.equal(isRetryable(facts), expected, JSON.stringify(facts));
  });

  it('is what a RequestError reports, whoever builds it', () => {
    for (const [facts, expected] of TABLE) {
      const { kind, ...details } = facts;
      assert.equal(new RequestError(kind, 'm', details).retryable, expected, JSON.stringify(facts));
    }
  });

  it('the transport builds its failures through it', () => {
    assert.equal(connectTimeoutError('h', 10).retryable, true);
    assert.equal(firstByteTimeoutError('h', 10).retryable, false);
    assert.equal(idleTimeoutError(10).retryable, false);
    assert.equal(abortedError().kind, 'cancelled');
    assert.equal(abortedError().retryable, false);
    const ctx = { host: 'h', connectMs: 10, headersReceived: false };
    const refused = networkFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), ctx);
    assert.deepEqual([refused.kind, refused.retryable], ['connect', true]);
    const unknownHost = networkFailure(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), ctx);
    assert.deepEqual([unknownHost.kind, unknownHost.retryable], ['connect', false]);
    const viaProxy = networkFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), { ...ctx, proxy: 'http://p:1' });
    assert.equal(viaProxy.kind, 'proxy');
    const lost = networkFailure(Object.assign(new Error('x'), { code: 'ECONNRESET' }), { ...ctx, headersReceived: true });
    assert.deepEqual([lost.kind, lost.retryable], ['network', true]);
  });

  it('the decoder judges in-stream errors by the same rule', () => {
    const errorOf = (kind: ProviderKind, body: string): StreamEvent & { type: 'error' } => {
      const events: StreamEvent[] = [];
      const d = new StreamDecoder({ kind, emit: (e) => events.push(e) });
      d.push(new TextEncoder().encode(body));
      d.end();
      const e = events.find((x) => x.type === 'error');
      assert.ok(e && e.type === 'error', `${kind}: no error in ${JSON.stringify(events)}`);
      return e;
    };
    const overloaded = errorOf('anthropic', 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
    assert.equal(overloaded.retryable, isRetryable({ kind: 'stream', providerType: 'overloaded_error' }));
    assert.equal(overloaded.retryable, true);
    const invalid = errorOf('anthropic', 'event: error\ndata: {"type":"error","error":{"type":"invalid_request_error","message":"bad"}}\n\n');
    assert.equal(invalid.retryable, false);
    const busy = errorOf('ollama', '{"error":"server busy, please try again"}\n');
    assert.equal(busy.retryable, true);
    const cut = errorOf('openai', 'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\n');
    assert.deepEqual([cut.kind, cut.retryable], ['network', isRetryable({ kind: 'network' })]);
  });
});

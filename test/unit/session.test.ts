import { strict as assert } from 'node:assert';
import { FakeProvider, openAiError, anthropicError, hugeLineEvent } from '../support/fakeProvider';
import { ChatSession, type SessionEvent, type SessionOptions } from '../../src/core/session/session';
import { findPreset, providerFromKind } from '../../src/core/providers/presets';
import type { ProviderConfig } from '../../src/core/types';
import type { ReasoningStep } from '../../src/core/session/steps';

const KEY = 'sk-test-SECRET-4f9a8b7c6d5e';

describe('ChatSession over loopback HTTP', function () {
  let fake: FakeProvider;
  let openai: ProviderConfig;

  before(async () => {
    fake = await FakeProvider.start();
    openai = providerFromKind('openai', `${fake.url}/v1`, 'deepseek-reasoner');
  });
  after(() => fake.close());

  function session(extra: Partial<SessionOptions> = {}, provider = openai): ChatSession {
    return new ChatSession({
      provider,
      apiKey: KEY,
      request: { messages: [{ role: 'user', content: 'hi' }] },
      retry: { maxRetries: 0 },
      ...extra,
    });
  }

  it('streams reasoning then answer, apart and complete, whatever the chunking', async () => {
    for (const seed of [1, 2, 3]) {
      fake.enqueue({ fixture: 'openai/long-deepseek.sse', chunking: { seed, minBytes: 1, maxBytes: 200 } });
      const r = await session().result;
      assert.equal(r.status, 'done');
      assert.ok(r.reasoning.length > 1000, 'long reasoning arrived');
      assert.ok(r.content.includes('```'), 'markdown answer arrived');
      assert.ok(!r.content.includes(r.reasoning.slice(0, 40)), 'reasoning did not leak into the answer');
    }
  });

  it('one loop carries phases, text, finish, usage and last the result, and the request is shaped for the provider', async () => {
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    const s = session();
    const iterated: SessionEvent[] = [];
    for await (const e of s) iterated.push(e);
    assert.deepEqual(
      iterated.map((e) => (e.type === 'phase' ? `phase:${e.phase}` : e.type)),
      ['phase:waiting', 'phase:thinking', 'reasoning', 'step', 'phase:answering', 'content', 'finish', 'usage', 'end'],
    );
    const end = iterated[iterated.length - 1];
    assert.ok(end.type === 'end');
    assert.equal(end.result, await s.result, 'the loop and result give the same object');
    const req = fake.requests[fake.requests.length - 1];
    assert.equal(req.path, '/v1/chat/completions');
    assert.equal(req.headers.authorization, `Bearer ${KEY}`);
    assert.equal(req.body.stream, true);
    assert.deepEqual(req.body.stream_options, { include_usage: true });
  });

  it('measures time to first byte, first reasoning, first answer and thinking time', async () => {
    fake.enqueue({
      fixture: 'openai/deepseek-reasoner.sse',
      pacing: { firstByteDelayMs: 60, perChunkMs: 40 },
      chunking: { seed: 4, minBytes: 40, maxBytes: 80 },
    });
    const r = await session().result;
    const m = r.metrics;
    assert.ok(m.ttfbMs! >= 50, `ttfb ${m.ttfbMs}`);
    assert.ok(m.firstReasoningMs! >= m.ttfbMs!);
    assert.ok(m.firstContentMs! > m.firstReasoningMs!);
    assert.ok(Math.abs(m.reasoningMs! - (m.firstContentMs! - m.firstReasoningMs!)) <= 0.11);
    assert.ok(m.totalMs >= m.firstContentMs!);
    assert.equal(m.outputTokens, 169, 'from usage');
    assert.equal(m.reasoningTokens, 117);
    assert.equal(m.tokensEstimated, false);
  });

  it('estimates tokens, and says so, when the server sends no usage', async () => {
    fake.enqueue({ fixture: 'openai/inline-think-orphan.sse', pacing: { perChunkMs: 30 }, chunking: { seed: 1, minBytes: 20, maxBytes: 40 } });
    const r = await session().result;
    assert.equal(r.metrics.tokensEstimated, true);
    assert.ok(r.metrics.outputTokens! > 0);
  });

  it('hands out each reasoning step once it is whole, before the answer starts', async () => {
    fake.enqueue({ fixture: 'openai/long-deepseek.sse', chunking: { seed: 9 } });
    const steps: ReasoningStep[] = [];
    const contentSeenAtStep: boolean[] = [];
    let contentSeen = false;
    let reasoningSoFar = '';
    for await (const e of session()) {
      if (e.type === 'content') contentSeen = true;
      if (e.type === 'reasoning') reasoningSoFar += e.text;
      if (e.type !== 'step') continue;
      const { type: _t, ...step } = e;
      steps.push(step);
      contentSeenAtStep.push(contentSeen);
      assert.ok(reasoningSoFar.includes(step.text.split('\n')[0]), 'a step never arrives ahead of its own text');
    }
    assert.ok(steps.length >= 3, `${steps.length} steps`);
    assert.deepEqual(steps.map((s) => s.index), steps.map((_, i) => i));
    assert.ok(contentSeenAtStep.every((c) => !c), 'every step was complete before the answer began');
  });

  it('cancel keeps every character received, closes the socket at once, and says cancelled', async () => {
    fake.enqueue({ fixture: 'openai/long-deepseek.sse', pacing: { perChunkMs: 20 }, chunking: { seed: 5, minBytes: 30, maxBytes: 60 } });
    const received: string[] = [];
    const s = session();
    let closed: Promise<number> | undefined;
    for await (const e of s) {
      if (e.type === 'reasoning' || e.type === 'content') received.push(e.text);
      if (received.length === 5 && !closed) {
        closed = fake.waitForClose(fake.requests.length - 1, 2000);
        s.cancel();
      }
    }
    const r = await s.result;
    assert.ok((await closed!) < 100, 'the server saw the connection close within 100 ms');
    assert.equal(r.status, 'cancelled');
    assert.equal(r.reasoning + r.content, received.join(''));
    assert.ok(r.reasoning.length > 0);
  });

  it('an external AbortSignal cancels too', async () => {
    fake.enqueue({ fixture: 'openai/long-deepseek.sse', pacing: { perChunkMs: 20 } });
    const ac = new AbortController();
    const s = session({ signal: ac.signal });
    for await (const e of s) if (e.type === 'reasoning') ac.abort();
    const r = await s.result;
    assert.equal(r.status, 'cancelled');
    assert.ok(r.reasoning.length > 0);
  });

  it('a length finish while still reasoning says the reasoning was cut off', async () => {
    fake.enqueue({ fixture: 'openai/inline-think-unclosed.sse' });
    const r = await session({}, providerFromKind('openai', `${fake.url}/v1`, 'QwQ-32B')).result;
    assert.equal(r.status, 'truncated');
    assert.equal(r.content, '');
    assert.match(r.notice!, /reasoning was cut off/i);
  });

  it('a mid-stream error keeps the partial answer and reports the provider message', async () => {
    fake.enqueue({ fixture: 'openai/midstream-error-done.sse' });
    const r = await session().result;
    assert.equal(r.status, 'error');
    assert.equal(r.content, 'The answer is');
    assert.match(r.error!.message, /The server had an error/);
  });

  it('a connection reset mid-stream keeps the partial answer', async () => {
    fake.enqueue({ fixture: 'openai/long-deepseek.sse', faults: { resetAfterBytes: 16000 } });
    const r = await session().result;
    assert.equal(r.status, 'error');
    assert.ok(r.reasoning.length > 100);
  });

  it('a stalled stream fails on the idle timeout with a specific message, partial kept', async () => {
    fake.enqueue({ fixture: 'openai/long-deepseek.sse', faults: { stallAfterBytes: 16000 } });
    const r = await session({ timeouts: { idleMs: 150 } }).result;
    assert.equal(r.status, 'error');
    assert.equal(r.error!.kind, 'timeout');
    assert.equal(r.error!.timeout, 'idle');
    assert.match(r.error!.message, /stall|no data/i);
    assert.ok(r.reasoning.length > 100);
  });

  it('a 401 says check the API key and never shows the key, even when the server echoes it', async () => {
    fake.enqueue(openAiError(401, `Incorrect API key provided: ${KEY}. You can find your API key at …`, 'invalid_request_error'));
    const events: SessionEvent[] = [];
    const s = session();
    for await (const e of s) events.push(e);
    const r = await s.result;
    assert.equal(r.status, 'error');
    assert.equal(r.error!.status, 401);
    assert.match(r.error!.message, /401/);
    assert.match(r.error!.message, /check the API key/i);
    assert.ok(!JSON.stringify(r).includes(KEY), 'the key is nowhere in the result');
    assert.ok(!JSON.stringify(events).includes(KEY), 'the key is nowhere in the events');
  });

  it('retries a 529 before the first byte, then streams', async () => {
    fake.enqueue(anthropicError(529, 'overloaded_error', 'Overloaded'), { fixture: 'anthropic/thinking-text.sse' });
    const retries: number[] = [];
    const anthropic = { ...findPreset('anthropic')!, baseUrl: fake.url };
    const s = session({ retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 20 } }, anthropic);
    for await (const e of s) if (e.type === 'retry') retries.push(e.attempt);
    const r = await s.result;
    assert.equal(r.status, 'done');
    assert.deepEqual(retries, [1]);
    assert.equal(r.metrics.attempts, 2);
    const req = fake.requests[fake.requests.length - 1];
    assert.equal(req.path, '/v1/messages');
    assert.equal(req.headers['x-api-key'], KEY);
    assert.equal(req.headers['anthropic-version'], '2023-06-01');
    assert.ok(r.reasoningSignature, 'the thinking signature is kept for the next turn');
  });

  it('Ollama native streams NDJSON thinking and answer', async () => {
    fake.enqueue({ fixture: 'ollama/think.ndjson', chunking: { seed: 3, minBytes: 1, maxBytes: 7 } });
    const ollama = { ...findPreset('ollama')!, baseUrl: fake.url };
    const r = await session({ request: { messages: [{ role: 'user', content: 'hi' }], reasoning: { effort: 'high' } } }, ollama).result;
    assert.equal(r.status, 'done');
    assert.ok(r.reasoning.length > 0 && r.content.length > 0);
    const req = fake.requests[fake.requests.length - 1];
    assert.equal(req.path, '/api/chat');
    assert.equal(req.body.think, true);
  });

  it('a runaway 10 MB line becomes a clear error under a 1 MiB guard, keeping what came before', async () => {
    const before = 'data: {"choices":[{"index":0,"delta":{"content":"kept "}}]}\n\n';
    fake.enqueue({ body: before + hugeLineEvent(10 * 1024 * 1024), chunking: { seed: 1, minBytes: 65536, maxBytes: 65536 } });
    const r = await session({ maxEventBytes: 1024 * 1024 }).result;
    assert.equal(r.status, 'error');
    assert.match(r.error!.message, /exceeded 1 MiB/);
    assert.equal(r.content, 'kept ');
  });

  it('the same 10 MB delta streams fine under the default guard', async () => {
    fake.enqueue({ body: hugeLineEvent(10 * 1024 * 1024) + 'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n', chunking: { seed: 1, minBytes: 65536, maxBytes: 65536 } });
    const r = await session().result;
    assert.equal(r.status, 'done');
    assert.ok(r.content.length > 10 * 1024 * 1024 - 500);
  });

  it('CRLF, a BOM and keep-alive comments on the wire change nothing', async () => {
    fake.enqueue({ fixture: 'openai/long-deepseek.sse' });
    const clean = await session().result;
    fake.enqueue({ fixture: 'openai/long-deepseek.sse', faults: { crlf: true, bom: true, commentsEvery: 3 }, chunking: { seed: 7, minBytes: 1, maxBytes: 50 } });
    const noisy = await session().result;
    assert.equal(noisy.status, 'done');
    assert.equal(noisy.reasoning, clean.reasoning);
    assert.equal(noisy.content, clean.content);
  });

  it('a stream cut cleanly before its finish is reported, not passed off as complete', async () => {
    fake.enqueue({ fixture: 'openai/long-deepseek.sse', faults: { endAfterBytes: 16000 } });
    const r = await session().result;
    assert.equal(r.status, 'error');
    assert.match(r.error!.message, /closed before the model finished/);
    assert.ok(r.reasoning.length > 0);
  });

  it('a credential in a provider header is redacted like the key', async () => {
    const token = 'gw-token-77aa88bb99cc';
    fake.enqueue(openAiError(403, `token ${token} is not allowed`));
    const provider = { ...openai, headers: { 'X-Gateway-Token': token, 'X-Title': 'Thinkstream' } };
    const r = await session({}, provider).result;
    assert.equal(r.status, 'error');
    assert.ok(!r.error!.message.includes(token), r.error!.message);
    assert.equal(fake.requests.at(-1)!.headers['x-gateway-token'], token, 'the header itself is still sent');
  });
});

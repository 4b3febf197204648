import { strict as assert } from 'node:assert';
import { decodeAll } from '../../src/core/providers/decoder';
import type { ProviderKind, StreamEvent } from '../../src/core/types';

const enc = (s: string) => new TextEncoder().encode(s);
const decode = (kind: ProviderKind, body: string): StreamEvent[] => decodeAll(enc(body), { kind }).events;

describe('a 200 that is not an event stream', () => {
  it('an OpenAI-compatible server that ignored stream:true still yields reasoning and answer', () => {
    const body = JSON.stringify({
      id: 'x',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Four.', reasoning_content: '2+2' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 5 },
    });
    assert.deepEqual(decode('openai', '\n' + body), [
      { type: 'reasoning', text: '2+2' },
      { type: 'content', text: 'Four.' },
      { type: 'finish', reason: 'stop', raw: 'stop' },
      { type: 'usage', inputTokens: 3, outputTokens: 5, reasoningTokens: undefined, cost: undefined },
    ]);
  });

  it('an Anthropic message body yields its thinking and text blocks', () => {
    const body = JSON.stringify({
      type: 'message',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 's' },
        { type: 'redacted_thinking', data: 'xx' },
        { type: 'text', text: 'Hi' },
      ],
      stop_reason: 'max_tokens',
      usage: { input_tokens: 9, output_tokens: 2 },
    });
    const events = decode('anthropic', body);
    assert.deepEqual(events.map((e) => (e.type === 'reasoning' || e.type === 'content' ? e.text : e.type)), [
      'hmm',
      'redacted',
      'Hi',
      'usage',
      'finish',
    ]);
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'length', raw: 'max_tokens' });
  });

  it('an error object sent with status 200 becomes the error event', () => {
    const events = decode('openai', '{"error":{"message":"model not found","type":"invalid_request_error","code":404}}');
    assert.deepEqual(events, [{ type: 'error', message: 'model not found', status: 404, retryable: false }]);
  });

  it('an HTML page (a proxy login, a wrong base URL) is named as such, by its title', () => {
    const [e] = decode('openai', '<!doctype html><html><head><title>Sign in – Corp Proxy</title></head><body>…</body></html>');
    assert.equal(e.type, 'error');
    assert.match((e as { message: string }).message, /HTML page instead of an event stream \("Sign in – Corp Proxy"\)/);
  });

  it('an event stream that begins with blank lines or a comment is still a stream', () => {
    const events = decode('openai', '\n\n: hi\n\ndata: {"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\n');
    assert.deepEqual(events.slice(0, 2), [{ type: 'content', text: 'ok' }, { type: 'finish', reason: 'stop', raw: 'stop' }]);
  });
});

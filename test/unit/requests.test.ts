import { strict as assert } from 'node:assert';
import { findPreset, PRESETS } from '../../src/core/providers/presets';
import { buildRequest } from '../../src/core/providers/request';
import { anthropicFinish, geminiFinish, openAiFinish, responsesIncompleteFinish } from '../../src/core/providers/finish';
import { decodeAll } from '../../src/core/providers/decoder';
import type { ChatRequest, ProviderConfig } from '../../src/core/types';

const KEY = 'key-REQ-0123456789';
const ask: ChatRequest = { messages: [{ role: 'user', content: 'hi' }] };
const preset = (id: string): ProviderConfig => findPreset(id)!;
const bodyOf = (p: ProviderConfig, r: ChatRequest = ask) => JSON.parse(buildRequest(p, r, KEY).body);

describe('requests per protocol and preset', () => {
  it('Responses: multi-turn replays the encrypted reasoning items before the answer they led to', () => {
    const item = { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 's' }], encrypted_content: 'gAAA…' };
    const body = bodyOf(preset('openai'), {
      messages: [
        { role: 'user', content: 'q1' },
        { role: 'assistant', content: 'a1', reasoning: 's', reasoningItems: [item] },
        { role: 'user', content: 'q2' },
      ],
    });
    assert.deepEqual(body.input, [{ role: 'user', content: 'q1' }, item, { role: 'assistant', content: 'a1' }, { role: 'user', content: 'q2' }]);
    assert.equal(body.store, false);
    assert.deepEqual(body.reasoning, { summary: 'auto' });
    assert.deepEqual(body.stream_options, { include_obfuscation: false });
  });

  it('Responses: a model from before reasoning gets no reasoning options, which it would refuse', () => {
    const body = bodyOf({ ...preset('openai'), model: 'gpt-4.1-mini' }, { ...ask, reasoning: { effort: 'high' } });
    assert.equal(body.reasoning, undefined);
    assert.equal(body.include, undefined);
    assert.equal(body.store, false);
  });

  it('Responses on a server of unknown make sends no stored-state options and never the reasoning back', () => {
    const p: ProviderConfig = { ...preset('openai'), reasoningReplay: 'omit', streamOptions: false };
    const body = bodyOf(p, { messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a', reasoningItems: [{ type: 'reasoning' }] }] });
    assert.deepEqual(body.input, [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }]);
    assert.equal(body.store, undefined);
    assert.equal(body.include, undefined);
  });

  it('Gemini: the key is a header, the model is in the path, effort maps to a budget (2.x) or a level (3)', () => {
    const built = buildRequest(preset('gemini'), { ...ask, reasoning: { effort: 'high' } }, KEY);
    assert.equal(built.url, 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    assert.equal(built.headers['x-goog-api-key'], KEY);
    assert.ok(!built.url.includes(KEY));
    assert.deepEqual(JSON.parse(built.body).generationConfig.thinkingConfig, { includeThoughts: true, thinkingBudget: 24_576 });
    const three = JSON.parse(buildRequest({ ...preset('gemini'), model: 'models/gemini-3-pro-preview' }, { ...ask, reasoning: { effort: 'low' } }, KEY).body);
    assert.deepEqual(three.generationConfig.thinkingConfig, { includeThoughts: true, thinkingLevel: 'low' });
  });

  it('Gemini: earlier answers go back as model turns with their thought signature', () => {
    const body = bodyOf(preset('gemini'), {
      system: 'sys',
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'a', reasoning: 'r', reasoningSignature: 'sig' },
        { role: 'user', content: 'q2' },
      ],
    });
    assert.deepEqual(body.contents[1], { role: 'model', parts: [{ text: 'a', thoughtSignature: 'sig' }] });
    assert.deepEqual(body.systemInstruction, { parts: [{ text: 'sys' }] });
  });

  it('effort words a server does not take round to the nearest it does (xAI: low|high)', () => {
    assert.equal(bodyOf(preset('xai'), { ...ask, reasoning: { effort: 'medium' } }).reasoning_effort, 'high');
    assert.equal(bodyOf(preset('xai'), { ...ask, reasoning: { effort: 'minimal' } }).reasoning_effort, 'low');
    assert.equal(bodyOf(preset('groq'), { ...ask, reasoning: { effort: 'minimal' } }).reasoning_effort, 'low');
  });

  it('the output limit field comes from provider config, not from its id', () => {
    const chat: ProviderConfig = { ...preset('openai'), id: 'my-gateway', kind: 'openai' };
    assert.equal(bodyOf(chat, { ...ask, maxTokens: 50 }).max_completion_tokens, 50);
    assert.equal(bodyOf(preset('mistral'), { ...ask, maxTokens: 50 }).max_tokens, 50);
    assert.equal(bodyOf(preset('mistral')).stream_options, undefined, 'Mistral refuses unknown fields');
  });

  it('every preset names its key variable, reasoning style and multi-turn rule', () => {
    for (const id of ['openai', 'gemini', 'mistral', 'xai', 'groq']) {
      const p = preset(id);
      assert.ok(p.apiKeyEnv?.length, id);
      assert.ok(p.reasoningStyle && p.reasoningReplay, id);
    }
    assert.equal(new Set(PRESETS.map((p) => p.id)).size, PRESETS.length);
  });
});

describe('finish reasons are server text: no lookup reaches Object.prototype', () => {
  it('maps "constructor", "__proto__" and "toString" to other', () => {
    for (const raw of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      assert.equal(openAiFinish(raw), 'other', raw);
      assert.equal(anthropicFinish(raw), 'other', raw);
      assert.equal(geminiFinish(raw), 'other', raw);
      assert.equal(responsesIncompleteFinish(raw), 'other', raw);
    }
  });

  it('a stream whose finish_reason is "constructor" finishes as other, with the raw text kept', () => {
    const body = 'data: {"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"constructor"}]}\n\ndata: [DONE]\n\n';
    const { events } = decodeAll(new TextEncoder().encode(body), { kind: 'openai' });
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'other', raw: 'constructor' });
  });
});

describe('a whole (non-stream) body goes through the same adapter as the stream', () => {
  const decode = (kind: ProviderConfig['kind'], body: unknown) => decodeAll(new TextEncoder().encode(JSON.stringify(body)), { kind, model: 'qwq-32b' }).events;

  it('OpenAI-compatible: reasoning_details and think tags apply to a whole completion too', () => {
    const events = decode('openai', {
      choices: [{ index: 0, message: { role: 'assistant', content: 'plan</think>Answer', reasoning_details: [] }, finish_reason: 'stop' }],
    });
    assert.deepEqual(events.slice(0, 2), [{ type: 'reasoning', text: 'plan' }, { type: 'content', text: 'Answer' }]);
    const details = decode('openai', { choices: [{ index: 0, message: { content: 'A', reasoning_details: [{ type: 'reasoning.summary', summary: 'S' }] }, finish_reason: 'stop' }] });
    assert.deepEqual(details.slice(0, 2), [{ type: 'reasoning', text: 'S' }, { type: 'content', text: 'A' }]);
  });

  it('Mistral content arrays in a whole completion', () => {
    const events = decode('openai', { choices: [{ index: 0, message: { content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'T' }] }, { type: 'text', text: 'A' }] }, finish_reason: 'stop' }] });
    assert.deepEqual(events.slice(0, 2), [{ type: 'reasoning', text: 'T' }, { type: 'content', text: 'A' }]);
  });

  it('Responses: a whole Response object yields its summaries, answer, usage and finish', () => {
    const events = decode('responses', {
      object: 'response',
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [
        { id: 'rs', type: 'reasoning', summary: [{ type: 'summary_text', text: 'one' }, { type: 'summary_text', text: 'two' }] },
        { id: 'm', type: 'message', content: [{ type: 'output_text', text: 'Ans' }] },
      ],
      usage: { input_tokens: 1, output_tokens: 9, output_tokens_details: { reasoning_tokens: 5 } },
    });
    assert.deepEqual(events, [
      { type: 'reasoning', text: 'one' },
      { type: 'reasoning', text: '\n\ntwo' },
      { type: 'content', text: 'Ans' },
      { type: 'usage', inputTokens: 1, outputTokens: 9, reasoningTokens: 5 },
      { type: 'finish', reason: 'length', raw: 'max_output_tokens' },
    ]);
  });

  it('Gemini without alt=sse: one JSON array of responses', () => {
    const chunk = (parts: unknown[], finishReason?: string) => ({ candidates: [{ content: { role: 'model', parts }, index: 0, ...(finishReason ? { finishReason } : {}) }] });
    const events = decode('gemini', [chunk([{ text: 'hmm', thought: true }]), chunk([{ text: 'Yes.' }], 'STOP')]);
    assert.deepEqual(events, [
      { type: 'reasoning', text: 'hmm' },
      { type: 'content', text: 'Yes.' },
      { type: 'finish', reason: 'stop', raw: 'STOP' },
    ]);
  });
});

describe('Azure OpenAI: the key in its own header', () => {
  it('apiKeyHeader sends the key as api-key and no Authorization, for both OpenAI protocols', () => {
    const azure: ProviderConfig = { ...preset('openai'), id: 'azure', baseUrl: 'https://res.openai.azure.com/openai/v1', model: 'my-gpt5-deployment', apiKeyHeader: 'api-key' };
    for (const kind of ['responses', 'openai'] as const) {
      const built = buildRequest({ ...azure, kind }, ask, KEY);
      assert.equal(built.headers['api-key'], KEY, kind);
      assert.equal(built.headers.authorization, undefined, kind);
      assert.ok(built.url.startsWith('https://res.openai.azure.com/openai/v1/'), built.url);
      assert.ok(!built.url.includes('api-version'));
    }
  });
});

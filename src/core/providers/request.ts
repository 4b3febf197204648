import type { ChatRequest, ProviderConfig, ReasoningRequest } from '../types';
import { baseHeaders, budgetOf, effortFor, effortOf, joinUrl, setBearerKey, type BuiltRequest } from './requestParts';
import { responsesRequest } from './responsesRequest';
import { geminiRequest } from './geminiRequest';

export { joinUrl, providerHeaders, type BuiltRequest } from './requestParts';

const ANTHROPIC_VERSION = '2023-06-01';
const ANTHROPIC_DEFAULT_MAX_TOKENS = 8192;

/** The HTTP request that streams one answer, shaped for the provider's protocol. */
export function buildRequest(provider: ProviderConfig, req: ChatRequest, apiKey: string | undefined): BuiltRequest {
  switch (provider.kind) {
    case 'anthropic':
      return anthropicRequest(provider, req, apiKey);
    case 'ollama':
      return ollamaRequest(provider, req, apiKey);
    case 'responses':
      return responsesRequest(provider, req, apiKey);
    case 'gemini':
      return geminiRequest(provider, req, apiKey);
    default:
      return openAiRequest(provider, req, apiKey);
  }
}

function openAiRequest(p: ProviderConfig, req: ChatRequest, apiKey: string | undefined): BuiltRequest {
  const messages: Record<string, unknown>[] = [];
  if (req.system) messages.push({ role: 'system', content: req.system });
  for (const m of req.messages) {
    const out: Record<string, unknown> = { role: m.role, content: m.content };
    if (m.role === 'assistant' && m.reasoning && p.reasoningReplay === 'reasoning_content') out.reasoning_content = m.reasoning;
    messages.push(out);
  }
  const body: Record<string, unknown> = { model: p.model, messages, stream: true };
  if (p.streamOptions) body.stream_options = { include_usage: true };
  if (req.maxTokens !== undefined) body[p.maxTokensField ?? 'max_tokens'] = req.maxTokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.reasoning) {
    if (p.reasoningStyle === 'reasoning_effort') body.reasoning_effort = effortFor(p, req.reasoning);
    else if (p.reasoningStyle === 'openrouter') {
      body.reasoning = 'budget' in req.reasoning ? { max_tokens: req.reasoning.budget } : { effort: req.reasoning.effort };
    }
  }
  const headers = baseHeaders(p, 'text/event-stream');
  setBearerKey(headers, p, apiKey);
  return { url: joinUrl(p.baseUrl, '/chat/completions'), headers, body: JSON.stringify(body) };
}

function anthropicRequest(p: ProviderConfig, req: ChatRequest, apiKey: string | undefined): BuiltRequest {
  const messages = req.messages.map((m) => {
    if (m.role === 'assistant' && m.reasoning && m.reasoningSignature && p.reasoningReplay === 'anthropic_signed') {
      return {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: m.reasoning, signature: m.reasoningSignature },
          { type: 'text', text: m.content },
        ],
      };
    }
    return { role: m.role, content: m.content };
  });
  let maxTokens = req.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
  const body: Record<string, unknown> = { model: p.model, messages, stream: true };
  if (req.system) body.system = req.system;
  const budget = req.reasoning && p.reasoningStyle === 'anthropic_thinking' ? budgetOf(req.reasoning) : undefined;
  if (budget !== undefined) {
    // The API demands 1024 ≤ budget < max_tokens; leave room for the answer itself.
    const b = Math.max(1024, budget);
    if (maxTokens <= b) maxTokens = b + Math.min(8192, b);
    body.thinking = { type: 'enabled', budget_tokens: b };
  } else if (req.temperature !== undefined) {
    // Extended thinking accepts only the default temperature.
    body.temperature = req.temperature;
  }
  body.max_tokens = maxTokens;
  const headers = baseHeaders(p, 'text/event-stream');
  headers['anthropic-version'] = ANTHROPIC_VERSION;
  if (apiKey) headers['x-api-key'] = apiKey;
  return { url: joinUrl(p.baseUrl, '/v1/messages'), headers, body: JSON.stringify(body) };
}

function ollamaRequest(p: ProviderConfig, req: ChatRequest, apiKey: string | undefined): BuiltRequest {
  const messages: Record<string, unknown>[] = [];
  if (req.system) messages.push({ role: 'system', content: req.system });
  for (const m of req.messages) {
    const out: Record<string, unknown> = { role: m.role, content: m.content };
    if (m.role === 'assistant' && m.reasoning && p.reasoningReplay === 'ollama_thinking') out.thinking = m.reasoning;
    messages.push(out);
  }
  const body: Record<string, unknown> = { model: p.model, messages, stream: true };
  const options: Record<string, unknown> = {};
  if (req.temperature !== undefined) options.temperature = req.temperature;
  if (req.maxTokens !== undefined) options.num_predict = req.maxTokens;
  if (Object.keys(options).length > 0) body.options = options;
  if (req.reasoning && p.reasoningStyle === 'ollama_think') {
    // gpt-oss takes an effort level; other thinking models only on/off. Only sent
    // when asked: a model without thinking answers an error to `think`.
    body.think = /gpt-oss/i.test(p.model) ? effortOf(req.reasoning) : true;
  }
  const headers = baseHeaders(p, 'application/x-ndjson');
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return { url: joinUrl(p.baseUrl, '/api/chat'), headers, body: JSON.stringify(body) };
}

/** Parses the CLI/setting form: an effort word or a token budget. */
export function parseReasoning(value: string | undefined): ReasoningRequest | undefined {
  if (value === undefined || value === '' || value === 'off' || value === 'none' || value === 'default') return undefined;
  if (/^\d+$/.test(value)) return { budget: Number(value) };
  if (value === 'minimal' || value === 'low' || value === 'medium' || value === 'high') return { effort: value };
  throw new Error(`--reasoning takes minimal, low, medium, high or a token budget (a whole number), not "${value}"`);
}

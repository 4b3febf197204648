import type { ChatRequest, ProviderConfig } from '../types';
import { baseHeaders, effortFor, joinUrl, setBearerKey, type BuiltRequest } from './requestParts';

/**
 * OpenAI Responses API: `POST {base}/responses`. A reasoning summary is always asked
 * for; without it a reasoning model streams no reasoning text at all.
 */
export function responsesRequest(p: ProviderConfig, req: ChatRequest, apiKey: string | undefined): BuiltRequest {
  const replay = p.reasoningReplay === 'responses_encrypted';
  const input: Record<string, unknown>[] = [];
  for (const m of req.messages) {
    // Stateless replay: the reasoning items exactly as the server finished them,
    // before the answer they led to.
    if (m.role === 'assistant' && replay && m.reasoningItems) input.push(...m.reasoningItems);
    input.push({ role: m.role, content: m.content });
  }
  const body: Record<string, unknown> = { model: p.model, input, stream: true };
  if (req.system) body.instructions = req.system;
  if (req.maxTokens !== undefined) body.max_output_tokens = req.maxTokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  // OpenAI's models from before reasoning refuse the option outright (400).
  const reasons = !NON_REASONING.test(p.model.replace(/^.*\//, ''));
  if (p.reasoningStyle === 'responses_summary' && reasons) {
    body.reasoning = { ...(req.reasoning ? { effort: effortFor(p, req.reasoning) } : {}), summary: 'auto' };
  }
  if (replay) {
    // Nothing is kept on the server; the encrypted reasoning comes back to us instead.
    body.store = false;
    if (reasons) body.include = ['reasoning.encrypted_content'];
  }
  // The obfuscation padding only costs bytes here; servers that do not know the option skip this.
  if (p.streamOptions) body.stream_options = { include_obfuscation: false };
  const headers = baseHeaders(p, 'text/event-stream');
  setBearerKey(headers, p, apiKey);
  return { url: joinUrl(p.baseUrl, '/responses'), headers, body: JSON.stringify(body) };
}

const NON_REASONING = /^(gpt-4|gpt-3\.5|chatgpt-4o)/i;

import type { ChatRequest, ProviderConfig } from '../types';
import { baseHeaders, effortOf, joinUrl, type BuiltRequest } from './requestParts';

/**
 * Gemini native: `POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse`.
 * The key goes in the `x-goog-api-key` header only: a `?key=` URL ends up in logs.
 */
export function geminiRequest(p: ProviderConfig, req: ChatRequest, apiKey: string | undefined): BuiltRequest {
  const contents = req.messages.map((m) => {
    if (m.role === 'user') return { role: 'user', parts: [{ text: m.content }] };
    const part: Record<string, unknown> = { text: m.content };
    if (p.reasoningReplay === 'gemini_signature' && m.reasoningSignature) part.thoughtSignature = m.reasoningSignature;
    return { role: 'model', parts: [part] };
  });
  const body: Record<string, unknown> = { contents };
  if (req.system) body.systemInstruction = { parts: [{ text: req.system }] };
  const generationConfig: Record<string, unknown> = {};
  if (req.maxTokens !== undefined) generationConfig.maxOutputTokens = req.maxTokens;
  if (req.temperature !== undefined) generationConfig.temperature = req.temperature;
  if (p.reasoningStyle === 'gemini_thinking') {
    const thinking: Record<string, unknown> = { includeThoughts: true };
    if (req.reasoning && 'budget' in req.reasoning) thinking.thinkingBudget = req.reasoning.budget;
    else if (req.reasoning) {
      // Gemini 3 takes a level (sending a budget too is a 400); 2.x models take a budget.
      if (/gemini-3/i.test(p.model)) thinking.thinkingLevel = /high|medium/.test(effortOf(req.reasoning)) ? 'high' : 'low';
      else thinking.thinkingBudget = GEMINI_EFFORT_BUDGET[req.reasoning.effort];
    }
    generationConfig.thinkingConfig = thinking;
  }
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  const headers = baseHeaders(p, 'text/event-stream');
  if (apiKey) headers['x-goog-api-key'] = apiKey;
  const model = encodeURIComponent(p.model.replace(/^models\//, ''));
  return { url: joinUrl(p.baseUrl, `/v1beta/models/${model}:streamGenerateContent?alt=sse`), headers, body: JSON.stringify(body) };
}

/** The budgets Google's own OpenAI-compatible layer maps effort words to. */
const GEMINI_EFFORT_BUDGET = { minimal: 512, low: 1024, medium: 8192, high: 24_576 } as const;

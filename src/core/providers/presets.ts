import type { ProviderConfig, ProviderKind } from '../types';

/**
 * Built-in providers. Base URLs follow the official SDKs: OpenAI-compatible ones
 * end in /v1 (or the vendor's documented root), Anthropic's has no /v1, Ollama's
 * native API is the server root.
 */
export const PRESETS: readonly ProviderConfig[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    // Reasoning summaries stream only over the Responses API, never over Chat Completions.
    kind: 'responses',
    baseUrl: 'https://api.openai.com/v1',
    model: 'gpt-5-mini',
    apiKeyEnv: ['OPENAI_API_KEY'],
    needsKey: true,
    reasoningStyle: 'responses_summary',
    streamOptions: true,
    // Stateless: nothing is stored server-side; earlier reasoning goes back encrypted.
    reasoningReplay: 'responses_encrypted',
    // Used when this preset is switched to Chat Completions (kind openai).
    maxTokensField: 'max_completion_tokens',
    listsModels: true,
    models: ['gpt-5-mini', 'gpt-5', 'gpt-5-nano', 'o4-mini', 'o3'],
  },
  {
    id: 'gemini',
    label: 'Google Gemini',
    kind: 'gemini',
    baseUrl: 'https://generativelanguage.googleapis.com',
    model: 'gemini-2.5-flash',
    apiKeyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    needsKey: true,
    reasoningStyle: 'gemini_thinking',
    streamOptions: false,
    // Thought summaries are not sent back; the answer part carries its thought signature.
    reasoningReplay: 'gemini_signature',
    listsModels: true,
    models: ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.5-flash-lite', 'gemini-3-pro-preview'],
  },
  {
    id: 'anthropic',
    label: 'Anthropic',
    kind: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    model: 'claude-sonnet-4-5',
    apiKeyEnv: ['ANTHROPIC_API_KEY'],
    needsKey: true,
    reasoningStyle: 'anthropic_thinking',
    streamOptions: false,
    // Earlier thinking may go back only with its signature.
    reasoningReplay: 'anthropic_signed',
    listsModels: false,
  },
  {
    id: 'deepseek',
    label: 'DeepSeek',
    kind: 'openai',
    baseUrl: 'https://api.deepseek.com',
    model: 'deepseek-reasoner',
    apiKeyEnv: ['DEEPSEEK_API_KEY'],
    needsKey: true,
    // The model name selects thinking mode; there is no effort knob.
    reasoningStyle: 'none',
    streamOptions: true,
    // deepseek-reasoner answers 400 when reasoning_content comes back in history.
    reasoningReplay: 'omit',
    listsModels: true,
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    kind: 'openai',
    baseUrl: 'https://openrouter.ai/api/v1',
    model: 'deepseek/deepseek-r1',
    apiKeyEnv: ['OPENROUTER_API_KEY'],
    needsKey: true,
    reasoningStyle: 'openrouter',
    streamOptions: true,
    reasoningReplay: 'omit',
    headers: { 'X-Title': 'Thinkstream' },
    listsModels: true,
  },
  {
    id: 'mistral',
    label: 'Mistral',
    kind: 'openai',
    baseUrl: 'https://api.mistral.ai/v1',
    model: 'mistral-small-latest',
    apiKeyEnv: ['MISTRAL_API_KEY'],
    needsKey: true,
    // Thinking arrives as `thinking` chunks inside a content array.
    reasoningStyle: 'reasoning_effort',
    // The API refuses request fields it does not know; usage rides on the finish chunk anyway.
    streamOptions: false,
    reasoningReplay: 'omit',
    listsModels: true,
    models: ['mistral-small-latest', 'mistral-medium-latest', 'magistral-medium-latest', 'magistral-small-latest'],
  },
  {
    id: 'xai',
    label: 'xAI Grok',
    kind: 'openai',
    baseUrl: 'https://api.x.ai/v1',
    // The only Grok model that streams its reasoning text (reasoning_content).
    model: 'grok-3-mini',
    apiKeyEnv: ['XAI_API_KEY'],
    needsKey: true,
    reasoningStyle: 'reasoning_effort',
    reasoningEfforts: ['low', 'high'],
    streamOptions: true,
    reasoningReplay: 'omit',
    listsModels: true,
    models: ['grok-3-mini', 'grok-4', 'grok-4-fast-reasoning'],
  },
  {
    id: 'groq',
    label: 'Groq',
    kind: 'openai',
    baseUrl: 'https://api.groq.com/openai/v1',
    // gpt-oss streams `reasoning` by default; Qwen3 there sends <think> in content.
    model: 'openai/gpt-oss-120b',
    apiKeyEnv: ['GROQ_API_KEY'],
    needsKey: true,
    reasoningStyle: 'reasoning_effort',
    reasoningEfforts: ['low', 'medium', 'high'],
    streamOptions: true,
    // Follow-up turns carrying reasoning_content are refused.
    reasoningReplay: 'omit',
    listsModels: true,
    models: ['openai/gpt-oss-120b', 'openai/gpt-oss-20b', 'qwen/qwen3-32b'],
  },
  {
    id: 'ollama',
    label: 'Ollama (local)',
    kind: 'ollama',
    baseUrl: 'http://localhost:11434',
    model: 'qwen3',
    apiKeyEnv: ['OLLAMA_API_KEY'],
    needsKey: false,
    reasoningStyle: 'ollama_think',
    streamOptions: false,
    reasoningReplay: 'ollama_thinking',
    listsModels: true,
  },
  {
    id: 'lmstudio',
    label: 'LM Studio (local)',
    kind: 'openai',
    baseUrl: 'http://localhost:1234/v1',
    model: 'openai/gpt-oss-20b',
    apiKeyEnv: ['LMSTUDIO_API_KEY'],
    needsKey: false,
    reasoningStyle: 'reasoning_effort',
    // Older LM Studio builds refuse unknown request options.
    streamOptions: false,
    reasoningReplay: 'omit',
    listsModels: true,
  },
  {
    id: 'vllm',
    label: 'vLLM (local)',
    kind: 'openai',
    baseUrl: 'http://localhost:8000/v1',
    model: 'Qwen/Qwen3-8B',
    apiKeyEnv: ['VLLM_API_KEY'],
    needsKey: false,
    // vLLM's reasoning parser decides; reasoning_effort only suits gpt-oss there.
    reasoningStyle: 'none',
    streamOptions: true,
    reasoningReplay: 'omit',
    listsModels: true,
  },
  {
    id: 'llamacpp',
    label: 'llama.cpp server (local)',
    kind: 'openai',
    baseUrl: 'http://localhost:8080/v1',
    model: 'default',
    apiKeyEnv: ['LLAMA_API_KEY'],
    needsKey: false,
    reasoningStyle: 'none',
    streamOptions: false,
    reasoningReplay: 'omit',
    listsModels: true,
  },
];

export const DEFAULT_PROVIDER_ID = 'ollama';

export function findPreset(id: string): ProviderConfig | undefined {
  return PRESETS.find((p) => p.id === id);
}

const KIND_DEFAULTS: Record<ProviderKind, Pick<ProviderConfig, 'reasoningStyle' | 'streamOptions' | 'reasoningReplay'>> = {
  openai: { reasoningStyle: 'reasoning_effort', streamOptions: true, reasoningReplay: 'omit' },
  // A Responses server of unknown make (vLLM, LM Studio, Ollama): nothing stored-state specific.
  responses: { reasoningStyle: 'responses_summary', streamOptions: false, reasoningReplay: 'omit' },
  anthropic: { reasoningStyle: 'anthropic_thinking', streamOptions: false, reasoningReplay: 'anthropic_signed' },
  gemini: { reasoningStyle: 'gemini_thinking', streamOptions: false, reasoningReplay: 'gemini_signature' },
  ollama: { reasoningStyle: 'ollama_think', streamOptions: false, reasoningReplay: 'ollama_thinking' },
};

/** A provider with only the essentials given: sensible defaults for its kind. */
export function providerFromKind(kind: ProviderKind, baseUrl: string, model: string, id = 'custom'): ProviderConfig {
  return { id, kind, baseUrl, model, needsKey: false, ...KIND_DEFAULTS[kind] };
}

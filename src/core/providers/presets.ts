import type { ProviderConfig } from '../types';

/**
 * Built-in providers. Base URLs follow the official SDKs: OpenAI-compatible ones
 * end in /v1 (or the vendor's documented root), Anthropic's has no /v1, Ollama's
 * native API is the server root.
 */
export const PRESETS: readonly ProviderConfig[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    kind: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    model: 'gpt-5-mini',
    apiKeyEnv: ['OPENAI_API_KEY'],
    needsKey: true,
    reasoningStyle: 'reasoning_effort',
    streamOptions: true,
    // Chat Completions never returns OpenAI's reasoning text, so there is none to send.
    reasoningReplay: 'omit',
    listsModels: true,
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

/** A provider with only the essentials given: sensible defaults for its kind. */
export function providerFromKind(kind: ProviderConfig['kind'], baseUrl: string, model: string, id = 'custom'): ProviderConfig {
  return {
    id,
    kind,
    baseUrl,
    model,
    needsKey: false,
    reasoningStyle: kind === 'anthropic' ? 'anthropic_thinking' : kind === 'ollama' ? 'ollama_think' : 'reasoning_effort',
    streamOptions: kind === 'openai',
    reasoningReplay: kind === 'anthropic' ? 'anthropic_signed' : kind === 'ollama' ? 'ollama_thinking' : 'omit',
  };
}

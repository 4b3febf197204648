import type { ProviderKind } from '../types';
import type { AdapterOptions, FrameAdapter } from './adapter';
import { AnthropicStreamAdapter } from './anthropicStream';
import { GeminiStreamAdapter } from './geminiStream';
import { OllamaStreamAdapter } from './ollamaStream';
import { OpenAiStreamAdapter } from './openaiStream';
import { ResponsesStreamAdapter } from './responsesStream';

const ADAPTERS: Record<ProviderKind, new (opts: AdapterOptions) => FrameAdapter> = {
  openai: OpenAiStreamAdapter,
  responses: ResponsesStreamAdapter,
  anthropic: AnthropicStreamAdapter,
  gemini: GeminiStreamAdapter,
  ollama: OllamaStreamAdapter,
};

/** The one adapter that reads a protocol, streamed or whole. */
export function createAdapter(kind: ProviderKind, opts: AdapterOptions): FrameAdapter {
  // A kind is settings text: hasOwn keeps "constructor" from finding Object's.
  const Adapter = Object.hasOwn(ADAPTERS, kind) ? ADAPTERS[kind] : OpenAiStreamAdapter;
  return new Adapter(opts);
}

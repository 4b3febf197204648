import type { FinishReason } from '../types';

// Maps, not object literals: a finish reason is server text, and "constructor" or
// "__proto__" must not find something on Object.prototype.

const OPENAI = new Map<string, FinishReason>([
  ['stop', 'stop'],
  ['length', 'length'],
  // Mistral: the context window filled up.
  ['model_length', 'length'],
  ['tool_calls', 'tool_calls'],
  ['function_call', 'tool_calls'],
  ['content_filter', 'content_filter'],
  ['error', 'error'],
]);

const ANTHROPIC = new Map<string, FinishReason>([
  ['end_turn', 'stop'],
  ['stop_sequence', 'stop'],
  ['max_tokens', 'length'],
  ['model_context_window_exceeded', 'length'],
  ['tool_use', 'tool_calls'],
  ['refusal', 'content_filter'],
  ['pause_turn', 'other'],
]);

const OLLAMA = new Map<string, FinishReason>([
  ['stop', 'stop'],
  ['length', 'length'],
]);

/** Responses API `incomplete_details.reason`. */
const RESPONSES_INCOMPLETE = new Map<string, FinishReason>([
  ['max_output_tokens', 'length'],
  ['content_filter', 'content_filter'],
]);

const GEMINI = new Map<string, FinishReason>([
  ['STOP', 'stop'],
  ['MAX_TOKENS', 'length'],
  ['SAFETY', 'content_filter'],
  ['RECITATION', 'content_filter'],
  ['BLOCKLIST', 'content_filter'],
  ['PROHIBITED_CONTENT', 'content_filter'],
  ['SPII', 'content_filter'],
  ['IMAGE_SAFETY', 'content_filter'],
  ['IMAGE_PROHIBITED_CONTENT', 'content_filter'],
  ['IMAGE_RECITATION', 'content_filter'],
]);

export function openAiFinish(raw: string): FinishReason {
  return OPENAI.get(raw) ?? 'other';
}

export function anthropicFinish(raw: string): FinishReason {
  return ANTHROPIC.get(raw) ?? 'other';
}

export function ollamaFinish(raw: string | undefined): FinishReason {
  return raw === undefined ? 'stop' : (OLLAMA.get(raw) ?? 'other');
}

export function responsesIncompleteFinish(raw: string | undefined): FinishReason {
  return raw === undefined ? 'other' : (RESPONSES_INCOMPLETE.get(raw) ?? 'other');
}

export function geminiFinish(raw: string): FinishReason {
  return GEMINI.get(raw) ?? 'other';
}

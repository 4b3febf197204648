import type { FinishReason } from '../types';

const OPENAI: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
  error: 'error',
};

const ANTHROPIC: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
  pause_turn: 'other',
};

const OLLAMA: Record<string, FinishReason> = { stop: 'stop', length: 'length' };

export function openAiFinish(raw: string): FinishReason {
  return OPENAI[raw] ?? 'other';
}

export function anthropicFinish(raw: string): FinishReason {
  return ANTHROPIC[raw] ?? 'other';
}

export function ollamaFinish(raw: string | undefined): FinishReason {
  return raw === undefined ? 'stop' : (OLLAMA[raw] ?? 'other');
}

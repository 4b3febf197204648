// The normalized vocabulary every layer speaks. Adapters turn provider bytes into
// StreamEvents; sinks (chat view, output channel, CLI) only ever see these.

export type FinishReason =
  | 'stop'
  | 'length'
  | 'tool_calls'
  | 'content_filter'
  | 'cancelled'
  | 'error'
  | 'other';

export interface UsageEvent {
  type: 'usage';
  inputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  cost?: number;
}

/**
 * What failed, in words a sink can branch on. The retry rule (transport/retry.ts)
 * is a table over these.
 */
export type ErrorKind =
  | 'http' // the server answered with a non-2xx status
  | 'connect' // DNS, refused, unreachable, TLS: no connection to the server
  | 'proxy' // the proxy refused, could not be reached, or is not usable
  | 'timeout' // one of the limits in TimeoutSettings ran out (see RequestError.timeout)
  | 'network' // an open connection broke
  | 'stream' // the provider reported an error inside a 200 answer
  | 'parse' // the body could not be read as the protocol, or outgrew the size guard
  | 'cancelled'
  | 'internal'; // a bug: reported rather than lost

export type TimeoutPhase = 'connect' | 'first-byte' | 'idle' | 'no-data';

export type StreamEvent =
  | { type: 'reasoning'; text: string }
  | { type: 'content'; text: string }
  | UsageEvent
  | { type: 'finish'; reason: FinishReason; raw?: string }
  | { type: 'error'; message: string; status?: number; retryable: boolean; kind?: ErrorKind }
  /** The provider withheld some reasoning (encrypted, unreadable); nothing of it is shown as text. */
  | RedactedEvent;

export interface RedactedEvent {
  type: 'redacted';
}

/** Said wherever a redacted event is shown to a person (CLI, chat view). */
export const REDACTED_REASONING_NOTICE = 'some reasoning was redacted by the provider';

/** The wire protocol a provider speaks; one adapter each. */
export type ProviderKind = 'openai' | 'responses' | 'anthropic' | 'gemini' | 'ollama';

export const PROVIDER_KINDS: readonly ProviderKind[] = ['openai', 'responses', 'anthropic', 'gemini', 'ollama'];

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
  /** Reasoning the model produced for this (assistant) turn, kept for replay rules. */
  reasoning?: string;
  /** Anthropic's signature over the thinking block, or Gemini's thought signature; required to send it back. */
  reasoningSignature?: string;
  /** OpenAI Responses: the turn's reasoning items exactly as received, encrypted content included. */
  reasoningItems?: Record<string, unknown>[];
}

/** How a preset asks the server for reasoning. */
export type ReasoningStyle =
  | 'reasoning_effort' // OpenAI, vLLM, LM Studio: top-level "reasoning_effort"
  | 'openrouter' // "reasoning": { effort } | { max_tokens }
  | 'anthropic_thinking' // "thinking": { type: "enabled", budget_tokens }
  | 'ollama_think' // "think": true | "low" | "medium" | "high"
  | 'responses_summary' // "reasoning": { effort, summary: "auto" }
  | 'gemini_thinking' // generationConfig.thinkingConfig: { includeThoughts, thinkingBudget }
  | 'none'; // the model decides (DeepSeek picks by model name)

/** Whether earlier turns' reasoning goes back to the server, and how. */
export type ReasoningReplay =
  | 'omit' // DeepSeek's classic reasoner rejects it; most servers ignore it
  | 'reasoning_content' // assistant message field "reasoning_content"
  | 'anthropic_signed' // thinking block with its signature, only when one was received
  | 'ollama_thinking' // assistant message field "thinking"
  | 'responses_encrypted' // store:false; reasoning items with encrypted_content go back as input items
  | 'gemini_signature'; // the answer part goes back with its thoughtSignature

/** What to do with <think>-family tags inside content. */
export type InlineThinkMode =
  | 'auto' // tag blocks anywhere in content are reasoning; models known to open thinking in their template start inside one
  | 'open' // force: the chat template already opened thinking, content starts as reasoning
  | 'off';

export interface ProviderConfig {
  id: string;
  label?: string;
  kind: ProviderKind;
  /** OpenAI-compatible: …/v1; Anthropic: without /v1; Ollama native: the server root. */
  baseUrl: string;
  model: string;
  /** Environment variables that may hold the key, most specific first. */
  apiKeyEnv?: string[];
  /** False for local servers that need no key. */
  needsKey: boolean;
  reasoningStyle: ReasoningStyle;
  /** Send "stream_options": {"include_usage": true} (some servers reject it). */
  streamOptions: boolean;
  reasoningReplay: ReasoningReplay;
  inlineThink?: InlineThinkMode;
  headers?: Record<string, string>;
  /** The server lists its models at GET {base}/models (OpenAI), /api/tags (Ollama) or /v1beta/models (Gemini). */
  listsModels?: boolean;
  /**
   * Send the key in this header as is, instead of `Authorization: Bearer` (Azure
   * OpenAI's `api-key`). Only for the Bearer protocols: openai and responses.
   */
  apiKeyHeader?: string;
  /** Effort words the server accepts, when fewer than minimal|low|medium|high; others round to the nearest. */
  reasoningEfforts?: readonly string[];
  /** Chat Completions name for the output limit: OpenAI proper wants max_completion_tokens. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** Well-known models offered in Select Model when the server has no list of its own. */
  models?: string[];
}

export type ReasoningRequest =
  | { effort: 'minimal' | 'low' | 'medium' | 'high' }
  | { budget: number };

export interface ChatRequest {
  messages: ChatMessage[];
  system?: string;
  maxTokens?: number;
  temperature?: number;
  reasoning?: ReasoningRequest;
}

export interface TimeoutSettings {
  /** TCP + TLS handshake. */
  connectMs: number;
  /** From sending the request to the first byte of the response body. */
  firstByteMs: number;
  /** Longest silence between two reads once the body has started (comments count). */
  idleMs: number;
  /**
   * Longest time the body may go on without model data (text, usage or a finish).
   * Keep-alive comments prove the connection is alive, not that the model is, so a
   * server that sends nothing else is stopped here and not by the idle limit.
   */
  noDataMs: number;
}

/**
 * What each surface calls the knob behind a limit, so a timeout message tells the
 * user what to change where they are: a CLI flag in the terminal, a setting in VS Code.
 */
export type LimitNames = Record<TimeoutPhase, string>;

export const NEUTRAL_LIMIT_NAMES: LimitNames = {
  connect: 'the connect timeout',
  'first-byte': 'the first-byte timeout',
  idle: 'the idle timeout',
  'no-data': 'the no-data timeout',
};

/** The limits the transport enforces itself; the no-data limit is the session's. */
export type TransportTimeouts = Pick<TimeoutSettings, 'connectMs' | 'firstByteMs' | 'idleMs'>;

export interface RetrySettings {
  /** Further attempts after the first; only ever before the first response byte. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_TIMEOUTS: TimeoutSettings = {
  connectMs: 15_000,
  // A CPU-bound local model can take minutes to load and read a long prompt.
  firstByteMs: 300_000,
  idleMs: 120_000,
  // Generous: a model may think silently for minutes behind a proxy's keep-alives.
  noDataMs: 300_000,
};

export const DEFAULT_RETRY: RetrySettings = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 20_000 };

/** Bytes of one SSE event or NDJSON line before it is refused as runaway. */
export const DEFAULT_MAX_EVENT_BYTES = 32 * 1024 * 1024;

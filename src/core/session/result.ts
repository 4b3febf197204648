import type { FinishReason, UsageEvent } from '../types';
import type { RequestError } from '../transport/errors';
import type { SessionMetrics } from './metrics';
import type { ReasoningStep } from './steps';

/** `truncated`: the token limit ended the answer; it is kept, and said. */
export type SessionStatus = 'done' | 'cancelled' | 'error' | 'truncated';

export interface SessionResult {
  status: SessionStatus;
  reasoning: string;
  content: string;
  finishReason?: FinishReason;
  usage?: Omit<UsageEvent, 'type'>;
  error?: RequestError;
  /** A plain sentence for anything the user should know about how it ended. */
  notice?: string;
  metrics: SessionMetrics;
  steps: ReasoningStep[];
  model?: string;
  reasoningSignature?: string;
  /** OpenAI Responses: the reasoning items to send back in a stateless follow-up. */
  reasoningItems?: Record<string, unknown>[];
}

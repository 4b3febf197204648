// What one request says, in order: the provider's normalized events plus what the
// session itself learns (phase, whole reasoning steps, retries) and, last, the
// result. Every sink reads this one sequence, so no two of them can disagree.

import type { StreamEvent } from '../types';
import type { ReasoningStep } from './steps';
import type { SessionResult } from './result';

export type SessionPhase = 'waiting' | 'thinking' | 'answering';

export type StepEvent = { type: 'step' } & ReasoningStep;

export type SessionEvent =
  | StreamEvent
  | StepEvent
  | { type: 'phase'; phase: SessionPhase }
  /** The transport is about to repeat the request (nothing was handed out yet). */
  | { type: 'retry'; attempt: number; delayMs: number; reason: string }
  /** Always the last event; the same value `ChatSession.result` resolves to. */
  | { type: 'end'; result: SessionResult };

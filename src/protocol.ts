// Messages between the extension host and the chat webview, typed once and imported
// by both sides. Plain data only: no vscode and no DOM types, so either side (and
// plain-Node tests) can import it. What the core already defines (phase, status,
// metrics, steps) is derived from the core's own types, never written twice; the
// imports are type-only, so no core code reaches the webview bundle.

import type { SessionPhase } from './core/session/events';
import type { SessionMetrics } from './core/session/metrics';
import type { SessionStatus } from './core/session/result';
import type { ReasoningStep } from './core/session/steps';

/** A turn's state: streaming, or how its session ended (a truncated answer is done, with a notice). */
export type TurnStatus = 'streaming' | Exclude<SessionStatus, 'truncated'>;
export type TurnPhase = SessionPhase;
/** `auto`: open while the model thinks, folded to its one-line header once the answer starts. */
export type ReasoningDisplay = 'auto' | 'expanded' | 'collapsed' | 'hidden';

/** The code an Explain Selection turn is about; lines are 1-based and inclusive. */
export interface SelectionRef {
  file: string;
  startLine: number;
  endLine: number;
  uri: string;
}

/**
 * Measured in the extension host and saved with the turn, so it survives reloads.
 * The figures the session measures keep the session's names and meanings.
 */
export interface TurnMetrics
  extends Partial<Pick<SessionMetrics, 'totalMs' | 'tokensPerSecond' | 'tokensEstimated' | 'outputTokens' | 'reasoningTokens' | 'inputTokens' | 'cost'>> {
  /** The earlier of the session's firstReasoningMs and firstContentMs. */
  ttftMs?: number;
  /** The session's reasoningMs: from the first reasoning text to the first answer text (or the end). */
  thinkingMs?: number;
  /** From the first answer text to the end (or now, while streaming). */
  answerMs?: number;
  /** True while the turn streams: the figures so far, replaced by the final ones at the end. */
  live?: boolean;
}

/** One step of the reasoning, from the core's step detector; sent once it is whole. */
export type ReasoningStepState = ReasoningStep;

export interface TurnState {
  id: string;
  prompt: string;
  ref?: SelectionRef;
  provider: string;
  model: string;
  state: TurnStatus;
  phase?: TurnPhase;
  reasoning: string;
  content: string;
  error?: string;
  /** Host clock (Date.now()) times; see Snapshot.now for clock skew. */
  startedAt: number;
  reasoningStartedAt?: number;
  /** Final thinking duration, set once reasoning ends. */
  reasoningMs?: number;
  metrics?: TurnMetrics;
  /** A remark shown under the turn, e.g. "reasoning was cut off". */
  notice?: string;
  /** Reasoning steps so far, in order. */
  steps?: ReasoningStepState[];
  /** The provider withheld some reasoning (e.g. Anthropic's redacted_thinking): said in words, never shown. */
  reasoningRedacted?: boolean;
  /** The reasoning stopped before it finished (token limit, cancel or error while thinking). */
  reasoningCutOff?: boolean;
  /** The seconds of the host's one clock at the last tick (see the `tick` message). */
  elapsedSec?: number;
}

export interface ChatSettings {
  reasoningDisplay: ReasoningDisplay;
}

/** Host → webview. */
export type HostMessage =
  | {
      type: 'snapshot';
      turns: TurnState[];
      settings: ChatSettings;
      busy: boolean;
      /** The host's Date.now() when sent; a remote extension host's clock may differ from the webview's. */
      now?: number;
      /** Which saved conversation this is; New Chat and Show History change it. */
      conversationId?: string;
    }
  | { type: 'turnStart'; turn: TurnState }
  /** Text appended since the last delta; the host sends at most one per animation frame. */
  | { type: 'delta'; id: string; reasoning?: string; content?: string }
  /** Phase changes, finish, error, metrics. A `reasoning`/`content` patch replaces the text. */
  | { type: 'turnUpdate'; id: string; patch: Partial<Omit<TurnState, 'id'>> }
  /**
   * The one clock, once a second while a turn streams: `elapsedSec` is the number the
   * status bar shows, and the live "Thinking… Ns" header shows the same. Live metrics ride along so the footer updates without extra messages.
   */
  | { type: 'tick'; id: string; elapsedSec: number; metrics?: TurnMetrics }
  /** A reasoning step became whole (or the last one was cut off). */
  | { type: 'step'; id: string; step: ReasoningStepState }
  | { type: 'clear' }
  | { type: 'settings'; settings: ChatSettings }
  | { type: 'focusInput' };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'cancel' }
  | { type: 'retry'; id: string }
  | { type: 'openRef'; id: string }
  | { type: 'newChat' }
  | { type: 'copy'; text: string }
  /** Insert at the cursor of the last active text editor, replacing its selection, as one undoable edit. */
  | { type: 'insertCode'; code: string; language: string }
  /** Open in a new untitled editor with the block's language (empty when the fence named none). */
  | { type: 'newFileWithCode'; code: string; language: string }
  /** Copy the whole answer of a turn; the host copies its own record, not the rendered text. */
  | { type: 'copyAnswer'; id: string }
  /** Ask a turn's question again with edited text, as a new turn. */
  | { type: 'editAndResend'; id: string; prompt: string }
  /** Open Thinkstream: Show History. */
  | { type: 'showHistory' };

const NO_FIELDS: readonly string[] = [];
const STRING_FIELDS: Record<WebviewMessage['type'], readonly string[]> = {
  ready: NO_FIELDS,
  send: ['text'],
  cancel: NO_FIELDS,
  retry: ['id'],
  openRef: ['id'],
  newChat: NO_FIELDS,
  copy: ['text'],
  insertCode: ['code', 'language'],
  newFileWithCode: ['code', 'language'],
  copyAnswer: ['id'],
  editAndResend: ['id', 'prompt'],
  showHistory: NO_FIELDS,
};

/** Longest text a message may carry: a question or a code block, never a whole workspace. */
export const MAX_MESSAGE_TEXT = 1_000_000;
/** Turn ids are UUIDs. */
const ID = /^[A-Za-z0-9-]{1,64}$/;
/** A fence's info word; the host maps it to a known language or plain text, so only its size is checked here. */
const MAX_LANGUAGE = 100;

/** The webview runs model output, so the host checks what it receives before acting on it. */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(STRING_FIELDS, type)) return false;
  const fields = STRING_FIELDS[type as WebviewMessage['type']];
  const v = value as Record<string, unknown>;
  return fields.every((f) => {
    const field = v[f];
    if (typeof field !== 'string' || field.length > MAX_MESSAGE_TEXT) return false;
    if (f === 'id') return ID.test(field);
    if (f === 'language') return field.length <= MAX_LANGUAGE;
    return true;
  });
}

// The conversation: every turn in memory for the views, the finished ones saved per
// workspace with their timing so a reloaded window still says "Thought for 12s".
import type * as vscode from 'vscode';
import type { ChatMessage } from '../core/types';
import type { TurnState } from '../protocol';

export type RequestKind = 'Ask' | 'Explain' | 'Chat' | 'Retry';

export interface TurnRecord {
  turn: TurnState;
  /** The whole user message sent, selection and template included; the turn shows a shorter prompt. */
  message: string;
  kind: RequestKind;
  /** Anthropic's signature over the thinking, needed to send that thinking back. */
  reasoningSignature?: string;
}

const STORAGE_KEY = 'thinkstream.turns.v1';
const SAVED_TURNS = 50;
const LIVE_TURNS = 200;

export class TurnStore {
  private records: TurnRecord[];
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly memento: vscode.Memento) {
    this.records = loadRecords(memento.get<unknown>(STORAGE_KEY));
  }

  turns(): TurnState[] {
    return this.records.map((r) => r.turn);
  }

  get(id: string): TurnRecord | undefined {
    return this.records.find((r) => r.turn.id === id);
  }

  add(record: TurnRecord): void {
    this.records.push(record);
    if (this.records.length > LIVE_TURNS) this.records.splice(0, this.records.length - LIVE_TURNS);
  }

  /** The answered turns as the model should see them; failed and empty ones would only confuse it. */
  history(): ChatMessage[] {
    const messages: ChatMessage[] = [];
    for (const r of this.records) {
      if (r.turn.state !== 'done' || r.turn.content.trim() === '') continue;
      messages.push({ role: 'user', content: r.message });
      const answer: ChatMessage = { role: 'assistant', content: r.turn.content };
      if (r.turn.reasoning) answer.reasoning = r.turn.reasoning;
      if (r.reasoningSignature) answer.reasoningSignature = r.reasoningSignature;
      messages.push(answer);
    }
    return messages;
  }

  clear(): Promise<void> {
    this.records = [];
    return this.save();
  }

  /** Writes are chained so an older snapshot never lands after a newer one. */
  save(): Promise<void> {
    const finished = this.records.filter((r) => r.turn.state !== 'streaming').slice(-SAVED_TURNS);
    this.saving = this.saving.then(
      () => this.memento.update(STORAGE_KEY, finished),
      () => this.memento.update(STORAGE_KEY, finished),
    );
    return this.saving;
  }
}

function loadRecords(saved: unknown): TurnRecord[] {
  if (!Array.isArray(saved)) return [];
  return saved.filter(
    (r): r is TurnRecord =>
      typeof r === 'object' &&
      r !== null &&
      typeof r.message === 'string' &&
      typeof r.turn?.id === 'string' &&
      typeof r.turn.content === 'string' &&
      typeof r.turn.reasoning === 'string' &&
      r.turn.state !== 'streaming',
  );
}

// The conversations of this workspace, kept by the extension host (the chat views
// only show them). The open one is in memory; every conversation is a file in the
// extension's storage folder, and a small index of them lives in a Memento. Turns
// are saved whatever their end (done, cancelled, failed, still streaming) with their
// reasoning and timing, so a reloaded window shows them as they were.
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import type { ChatMessage } from '../core/types';
import type { TurnState } from '../protocol';
import { ConversationFiles, validRecords } from './history/conversationFiles';
import { overCap, parseIndex, titleOf, type ConversationSummary } from './history/historyIndex';

export type RequestKind = 'Ask' | 'Explain' | 'Chat' | 'Retry';

export interface TurnRecord {
  turn: TurnState;
  /** The whole user message sent, selection and template included; the turn shows a shorter prompt. */
  message: string;
  kind: RequestKind;
  /** Anthropic's signature over the thinking, needed to send that thinking back. */
  reasoningSignature?: string;
  /** OpenAI Responses: the reasoning items (encrypted) needed to send that reasoning back. */
  reasoningItems?: Record<string, unknown>[];
}

const INDEX_KEY = 'thinkstream.conversations.v1';
const ACTIVE_KEY = 'thinkstream.activeConversation.v1';
/** Where a single conversation was kept before there were several; read once, then moved to a file. */
const LEGACY_KEY = 'thinkstream.turns.v1';
const LIVE_TURNS = 200;

export class TurnStore {
  private id: string = randomUUID();
  private createdAt = Date.now();
  private records: TurnRecord[] = [];
  private index: ConversationSummary[] = [];
  /** Writes are chained so an older copy never lands after a newer one. */
  private saving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly memento: vscode.Memento,
    private readonly files: ConversationFiles,
  ) {}

  /** Reopens the conversation that was open when the window closed. */
  async load(): Promise<void> {
    this.index = parseIndex(this.memento.get<unknown>(INDEX_KEY));
    await this.migrateLegacy();
    const activeId = this.memento.get<string>(ACTIVE_KEY);
    const active = activeId && this.index.some((c) => c.id === activeId) ? await this.files.read(activeId) : undefined;
    if (active) {
      this.id = active.id;
      this.createdAt = active.createdAt;
      this.records = active.records;
    }
  }

  get folder(): vscode.Uri {
    return this.files.folder;
  }

  get conversationId(): string {
    return this.id;
  }

  turns(): TurnState[] {
    return this.records.map((r) => r.turn);
  }

  allRecords(): readonly TurnRecord[] {
    return this.records;
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
      if (r.reasoningItems) answer.reasoningItems = r.reasoningItems;
      messages.push(answer);
    }
    return messages;
  }

  /** Every saved conversation, newest first. */
  list(): ConversationSummary[] {
    return [...this.index].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** Starts an empty conversation; the one before stays in the history. */
  async startNew(): Promise<void> {
    await this.save();
    this.id = randomUUID();
    this.createdAt = Date.now();
    this.records = [];
    await this.memento.update(ACTIVE_KEY, this.id);
  }

  /** False when the conversation's file is gone (it is then dropped from the index). */
  async open(id: string): Promise<boolean> {
    if (id === this.id) return true;
    await this.save();
    const loaded = this.index.some((c) => c.id === id) ? await this.files.read(id) : undefined;
    if (!loaded) {
      await this.remove(id);
      return false;
    }
    this.id = loaded.id;
    this.createdAt = loaded.createdAt;
    this.records = loaded.records;
    await this.memento.update(ACTIVE_KEY, this.id);
    return true;
  }

  /** Deleting the open conversation leaves an empty one open. */
  async remove(id: string): Promise<void> {
    if (id === this.id) {
      this.records = [];
      this.id = randomUUID();
      this.createdAt = Date.now();
      await this.memento.update(ACTIVE_KEY, this.id);
    }
    this.index = this.index.filter((c) => c.id !== id);
    await this.chain(async () => {
      await this.files.delete(id);
      await this.memento.update(INDEX_KEY, this.index);
    });
  }

  /** The open conversation as a reloaded window would find it, once pending writes have landed. */
  async saved(): Promise<TurnState[]> {
    await this.saving;
    const file = await this.files.read(this.id);
    return file ? file.records.map((r) => r.turn) : [];
  }

  /** Writes the open conversation (partial turns included) and trims the history to its cap. */
  save(): Promise<void> {
    if (this.records.length === 0) return this.chain(async () => undefined);
    const snapshot = { id: this.id, createdAt: this.createdAt, records: structuredClone(this.records) };
    return this.chain(async () => {
      const bytes = await this.files.write(snapshot);
      const summary: ConversationSummary = {
        id: snapshot.id,
        title: titleOf(snapshot.records[0].turn.prompt),
        createdAt: snapshot.createdAt,
        updatedAt: Date.now(),
        turnCount: snapshot.records.length,
        bytes,
      };
      this.index = [...this.index.filter((c) => c.id !== summary.id), summary];
      const dropped = overCap(this.index, this.id);
      if (dropped.length) {
        this.index = this.index.filter((c) => !dropped.includes(c.id));
        for (const id of dropped) await this.files.delete(id);
      }
      await this.memento.update(INDEX_KEY, this.index);
      await this.memento.update(ACTIVE_KEY, this.id);
    });
  }

  private chain(write: () => Promise<void>): Promise<void> {
    const next = this.saving.then(write, write);
    this.saving = next.catch(() => undefined);
    return next;
  }

  private async migrateLegacy(): Promise<void> {
    const legacy = this.memento.get<unknown>(LEGACY_KEY);
    if (!Array.isArray(legacy)) return;
    const records = validRecords(legacy);
    if (records.length) {
      this.records = records;
      this.createdAt = records[0].turn.startedAt ?? Date.now();
      await this.save();
    }
    await this.memento.update(LEGACY_KEY, undefined);
  }
}

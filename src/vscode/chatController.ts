// Runs the conversation: one request at a time from whichever surface asked, fanned
// out to the chat views, the transcript, the status bar and the log. A new question
// while one is streaming cancels it (its partial answer stays) rather than queueing,
// because the newer question is the one the user is waiting for.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ChatSession, type SessionEvent, type SessionPhase, type SessionResult } from '../core/session/session';
import { redactSecrets } from '../core/transport/redact';
import type { ChatRequest, ProviderConfig } from '../core/types';
import type { HostMessage, SelectionRef, TurnState } from '../protocol';
import { DeltaBatcher, type DeltaBatch } from './deltaBatcher';
import { readRef, withSelection } from './editorSelection';
import { RequestClock } from './requestClock';
import { originOf } from './providerCatalog';
import type { SecretKeys } from './secretKeys';
import { SETTING_LIMIT_NAMES, type Settings } from './settings';
import type { StatusBarController } from './statusBarController';
import type { TranscriptChannel } from './transcriptChannel';
import { definedOnly, finalTurnMetrics, LiveTurnMetrics } from './turnMetrics';
import type { RequestKind, TurnRecord, TurnStore } from './turnStore';
import type { WebviewHub } from './webviewHub';
import { plainText } from './plainText';

const SAVE_EVERY_S = 5;

export interface AskRequest {
  kind: RequestKind;
  /** What the chat shows as the question. */
  prompt: string;
  /** What the model receives (the prompt with any code attached). */
  message: string;
  ref?: SelectionRef;
}

export interface ChatControllerDeps {
  settings: Settings;
  keys: SecretKeys;
  store: TurnStore;
  hub: WebviewHub;
  transcript: TranscriptChannel;
  status: StatusBarController;
  log: vscode.LogOutputChannel;
}

export class ChatController implements vscode.Disposable {
  private readonly batcher = new DeltaBatcher((batch) => this.deliver(batch));
  private readonly clock = new RequestClock((seconds) => this.tick(seconds));
  /** The turn in flight, with its live figures, for the clock's ticks. */
  private live?: { turn: TurnState; metrics: LiveTurnMetrics };
  private session?: ChatSession;
  /** Requests run strictly one after another; each waits for the one before to settle. */
  private gate: Promise<unknown> = Promise.resolve();
  /** Bumped by every ask and cancel; a request that sees it move was overtaken. */
  private ticket = 0;
  private busyFlag = false;

  constructor(private readonly d: ChatControllerDeps) {}

  get busy(): boolean {
    return this.busyFlag;
  }

  /** Resolves with the finished turn. */
  ask(request: AskRequest): Promise<TurnState> {
    const ticket = ++this.ticket;
    this.session?.cancel();
    const run = this.gate.then(() => this.run(request, ticket));
    this.gate = run.catch(() => undefined);
    return run;
  }

  cancel(): void {
    this.ticket++;
    this.session?.cancel();
  }

  /** Starts an empty conversation; the one before stays in Show History. */
  async newChat(): Promise<void> {
    await this.settle();
    await this.persist(() => this.d.store.startNew());
    this.d.hub.post(this.snapshot());
    this.d.hub.post({ type: 'focusInput' });
  }

  /** Shows a saved conversation in every chat view; false when it could not be read. */
  async openConversation(id: string): Promise<boolean> {
    await this.settle();
    let opened = false;
    await this.persist(async () => {
      opened = await this.d.store.open(id);
    });
    this.d.hub.post(this.snapshot());
    if (opened) this.d.transcript.restore(this.d.store.allRecords());
    return opened;
  }

  async deleteConversation(id: string): Promise<void> {
    const open = id === this.d.store.conversationId;
    if (open) await this.settle();
    await this.persist(() => this.d.store.remove(id));
    if (open) this.d.hub.post(this.snapshot());
  }

  /** Ask `prompt` in place of an earlier question, as a new turn; the code it was about goes along again. */
  async editAndResend(turnId: string, prompt: string): Promise<TurnState | undefined> {
    const record = this.d.store.get(turnId);
    const text = prompt.trim();
    if (!record || !text) return undefined;
    const message = await this.messageWithRef(text, record);
    return this.ask({ kind: 'Chat', prompt: text, message, ref: record.turn.ref });
  }

  /** The question in flight ends (its partial answer kept) before the conversation changes. */
  private async settle(): Promise<void> {
    this.cancel();
    await this.gate;
  }

  private async messageWithRef(text: string, record: TurnRecord): Promise<string> {
    const ref = record.turn.ref;
    if (!ref) return text;
    try {
      const selected = await readRef(ref);
      return withSelection(text, selected);
    } catch (err) {
      this.d.log.warn(`Could not read ${ref.file} again for the edited question; it goes without the code: ${messageOf(err)}`);
      return text;
    }
  }

  retry(turnId: string): Promise<TurnState> | undefined {
    const record = this.d.store.get(turnId);
    if (!record) return undefined;
    return this.ask({ kind: 'Retry', prompt: record.turn.prompt, message: record.message, ref: record.turn.ref });
  }

  snapshot(): HostMessage {
    // Pending text goes out first, so the snapshot and later deltas never overlap.
    this.batcher.flush();
    return {
      type: 'snapshot',
      turns: this.d.store.turns(),
      settings: { reasoningDisplay: this.d.settings.reasoningDisplay() },
      busy: this.busyFlag,
      now: Date.now(),
      conversationId: this.d.store.conversationId,
    };
  }

  dispose(): void {
    this.cancel();
    this.clock.stop();
    this.batcher.dispose();
  }

  private async run(request: AskRequest, ticket: number): Promise<TurnState> {
    const { provider, found } = this.d.settings.activeProvider();
    const turn: TurnState = {
      id: randomUUID(),
      prompt: request.prompt,
      ref: request.ref,
      provider: provider.label ?? provider.id,
      model: provider.model,
      state: 'streaming',
      phase: 'waiting',
      reasoning: '',
      content: '',
      startedAt: Date.now(),
    };
    const history = this.d.store.history();
    const record: TurnRecord = { turn, message: request.message, kind: request.kind };
    this.d.store.add(record);
    this.d.hub.post({ type: 'turnStart', turn: { ...turn } });
    const origin = originOf(provider.baseUrl);
    this.d.transcript.begin({ turnId: turn.id, kind: request.kind, providerId: provider.id, model: provider.model, origin, prompt: request.prompt, ref: request.ref });

    if (ticket !== this.ticket) return this.endUnsent(record, 'cancelled');
    if (!found) {
      const wanted = this.d.settings.activeProviderId();
      return this.endUnsent(record, 'error', `No provider has the id "${wanted}". Run "Thinkstream: Select Model" to choose one.`);
    }
    const metrics = new LiveTurnMetrics(turn.startedAt);
    this.live = { turn, metrics };
    this.setBusy(true, provider);
    this.clock.start(turn.startedAt);
    let apiKey: string | undefined;
    try {
      apiKey = await this.d.keys.get(provider);
    } catch (err) {
      return this.endUnsent(record, 'error', `Could not read the API key from VS Code's secret storage: ${messageOf(err)}`);
    }
    if (ticket !== this.ticket) return this.endUnsent(record, 'cancelled');
    if (provider.needsKey && !apiKey) {
      const message = `${turn.provider} needs an API key for ${origin}. Run "Thinkstream: Set API Key"; nothing was sent.`;
      this.offerKey(provider, message);
      return this.endUnsent(record, 'error', message);
    }

    const chatRequest: ChatRequest = {
      messages: [...history, { role: 'user', content: request.message }],
      system: this.d.settings.systemPrompt(),
      maxTokens: this.d.settings.maxTokens(),
      temperature: this.d.settings.temperature(),
      reasoning: this.d.settings.reasoning(),
    };
    const proxy = this.d.settings.proxy();
    const short = turn.id.slice(0, 8);
    this.d.log.info(
      `${request.kind} ${short} → ${provider.id} · ${provider.model} · ${origin} · ${history.length / 2} earlier turn(s)${proxy ? ' · via proxy' : ''}`,
    );
    const session = new ChatSession({
      provider,
      request: chatRequest,
      apiKey,
      timeouts: this.d.settings.timeouts(),
      limitNames: SETTING_LIMIT_NAMES,
      retry: { maxRetries: this.d.settings.retries() },
      proxy,
      noProxy: this.d.settings.noProxy(),
    });
    this.session = session;
    let result: SessionResult | undefined;
    try {
      // The one loop every sink of this turn is fed from.
      for await (const e of session) {
        if (e.type === 'end') result = e.result;
        else this.onSessionEvent(turn, short, metrics, e);
      }
      result ??= await session.result;
    } catch (err) {
      // The session reports failures in its result; reaching here is a bug, but the turn must still end.
      this.batcher.flush();
      return this.endUnsent(record, 'error', `Internal error: ${redactSecrets(messageOf(err), apiKey ? [apiKey] : [])}`);
    } finally {
      this.session = undefined;
    }
    return this.finish(record, provider, result);
  }

  private onSessionEvent(turn: TurnState, short: string, metrics: LiveTurnMetrics, e: Exclude<SessionEvent, { type: 'end' }>): void {
    switch (e.type) {
      case 'reasoning':
      case 'content':
        metrics.text(e.type, e.text);
        this.batcher.push(turn.id, e.type, e.text);
        return;
      case 'usage':
        metrics.addUsage(e);
        return;
      case 'redacted':
        // Said in words as soon as it happens; the reasoning text stays what the model wrote.
        if (!turn.reasoningRedacted) {
          this.batcher.flush();
          this.update(turn, { reasoningRedacted: true });
        }
        return;
      case 'phase':
        this.onPhase(turn, e.phase);
        return;
      case 'step': {
        // The step's own text must already be on screen when its outline entry appears.
        this.batcher.flush();
        const step = { index: e.index, text: e.text, complete: e.complete };
        (turn.steps ??= []).push(step);
        this.d.hub.post({ type: 'step', id: turn.id, step });
        return;
      }
      case 'retry':
        this.d.log.warn(`${short} retry ${e.attempt} in ${e.delayMs} ms: ${e.reason}`);
        this.d.transcript.retry(turn.id, e.attempt, e.delayMs, e.reason);
        return;
      default:
        return;
    }
  }

  private onPhase(turn: TurnState, phase: SessionPhase): void {
    this.batcher.flush();
    const patch: Partial<TurnState> = { phase };
    if (phase === 'thinking' && turn.reasoningStartedAt === undefined) patch.reasoningStartedAt = Date.now();
    // A provisional figure for the live view; the session's own measure replaces it at the end.
    if (phase === 'answering' && turn.reasoningStartedAt !== undefined && turn.reasoningMs === undefined) {
      patch.reasoningMs = Date.now() - turn.reasoningStartedAt;
    }
    this.update(turn, patch);
    this.d.status.setPhase(phase);
  }

  /** One second of the one clock: the status bar and every chat header get the same number. */
  private tick(seconds: number): void {
    const live = this.live;
    if (!live) return;
    live.turn.elapsedSec = seconds;
    live.turn.metrics = live.metrics.snapshot();
    this.d.status.setElapsed(seconds);
    // A partial turn is on disk within a few seconds, so a crash or reload loses little.
    if (seconds > 0 && seconds % SAVE_EVERY_S === 0) void this.save();
    this.batcher.flush();
    this.d.hub.post({ type: 'tick', id: live.turn.id, elapsedSec: seconds, metrics: live.turn.metrics });
  }

  private deliver(batch: DeltaBatch): void {
    const turn = this.d.store.get(batch.id)?.turn;
    if (turn) {
      if (batch.reasoning) turn.reasoning += batch.reasoning;
      if (batch.content) turn.content += batch.content;
    }
    this.d.hub.post({ type: 'delta', ...batch });
    this.d.transcript.delta(batch);
  }

  private async finish(record: TurnRecord, provider: ProviderConfig, result: SessionResult): Promise<TurnState> {
    this.batcher.flush();
    this.stopClock();
    const { turn } = record;
    // The session's text is complete by definition; the batches should already match it.
    turn.reasoning = result.reasoning;
    turn.content = result.content;
    record.reasoningSignature = result.reasoningSignature;
    record.reasoningItems = result.reasoningItems;
    const cutOff = result.status !== 'done' && result.content === '' && result.reasoning !== '';
    this.update(
      turn,
      definedOnly({
        state: result.status === 'truncated' ? 'done' : result.status,
        error: result.error?.message,
        notice: result.notice,
        reasoningMs: result.metrics.reasoningMs,
        metrics: finalTurnMetrics(result.metrics),
        reasoningRedacted: turn.reasoningRedacted,
        reasoningCutOff: cutOff || undefined,
      }),
    );
    this.d.transcript.end(turn.id, result);
    this.logEnd(turn.id, result);
    this.setBusy(false, provider);
    await this.save();
    const status = result.error?.status;
    // Only the model server's own refusal is about the key; a proxy's 401/407 is about its password.
    if (result.error?.kind === 'http' && (status === 401 || status === 403)) {
      this.offerKey(provider, `${turn.provider} refused the request: ${result.error!.message}`);
    }
    return { ...turn };
  }

  private async endUnsent(record: TurnRecord, state: 'cancelled' | 'error', message?: string): Promise<TurnState> {
    this.stopClock();
    const { turn } = record;
    this.update(turn, definedOnly({ state, error: message }));
    this.d.transcript.refused(turn.id, message ?? 'Cancelled before it was sent.');
    if (message) this.d.log.warn(message);
    if (this.busyFlag) this.setBusy(false, this.d.settings.activeProvider().provider);
    await this.save();
    return { ...turn };
  }

  /** Losing the saved copy must not fail the answer the user is looking at. */
  private save(): Promise<void> {
    return this.persist(() => this.d.store.save());
  }

  private async persist(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      this.d.log.error(`Could not save the chat history: ${messageOf(err)}`);
      void vscode.window.showWarningMessage(plainText(`Thinkstream could not save the chat history: ${messageOf(err)}`));
    }
  }

  private stopClock(): void {
    this.clock.stop();
    this.live = undefined;
  }

  private update(turn: TurnState, patch: Partial<Omit<TurnState, 'id'>>): void {
    Object.assign(turn, patch);
    this.d.hub.post({ type: 'turnUpdate', id: turn.id, patch });
  }

  private setBusy(busy: boolean, provider: ProviderConfig): void {
    this.busyFlag = busy;
    void vscode.commands.executeCommand('setContext', 'thinkstream.busy', busy);
    const identity = { providerLabel: provider.label ?? provider.id, model: provider.model, origin: originOf(provider.baseUrl) };
    if (busy) this.d.status.startRequest(identity);
    else this.refreshIdleStatus();
  }

  /** The idle item names what the next request will use, which settings may have changed meanwhile. */
  refreshIdleStatus(): void {
    if (this.busyFlag) return;
    const { provider } = this.d.settings.activeProvider();
    this.d.status.showIdle({ providerLabel: provider.label ?? provider.id, model: provider.model, origin: originOf(provider.baseUrl) });
  }

  private logEnd(turnId: string, result: SessionResult): void {
    const m = result.metrics;
    const short = turnId.slice(0, 8);
    const timing = `${m.totalMs.toFixed(0)} ms${m.ttfbMs !== undefined ? `, first byte ${m.ttfbMs.toFixed(0)} ms` : ''}, ${m.attempts} attempt(s)`;
    if (result.status === 'error' && result.error) {
      const e = result.error;
      this.d.log.error(`${short} failed (${e.kind}${e.status ? ` ${e.status}` : ''}) after ${timing}: ${e.message}`);
    } else {
      this.d.log.info(`${short} ${result.status} after ${timing}; ${result.reasoning.length} reasoning + ${result.content.length} answer chars`);
    }
  }

  private offerKey(provider: ProviderConfig, message: string): void {
    // The message holds the server's own words; only our button may act.
    void vscode.window.showWarningMessage(plainText(message), 'Set API Key').then((choice) => {
      if (choice) void vscode.commands.executeCommand('thinkstream.setApiKey', provider.id);
    });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

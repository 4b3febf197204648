// Runs the conversation: one request at a time from whichever surface asked, fanned
// out to the chat views, the transcript, the status bar and the log. A new question
// while one is streaming cancels it (its partial answer stays) rather than queueing,
// because the newer question is the one the user is waiting for.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { SessionMetrics } from '../core/session/metrics';
import { ChatSession, type SessionPhase, type SessionResult } from '../core/session/session';
import { redactSecrets } from '../core/transport/redact';
import type { ChatRequest, ProviderConfig } from '../core/types';
import type { HostMessage, SelectionRef, TurnMetrics, TurnState } from '../protocol';
import { DeltaBatcher, type DeltaBatch } from './deltaBatcher';
import { originOf } from './providerCatalog';
import type { SecretKeys } from './secretKeys';
import { SETTING_LIMIT_NAMES, type Settings } from './settings';
import type { StatusBarController } from './statusBarController';
import type { TranscriptChannel } from './transcriptChannel';
import type { RequestKind, TurnRecord, TurnStore } from './turnStore';
import type { WebviewHub } from './webviewHub';

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

  async newChat(): Promise<void> {
    this.cancel();
    await this.gate;
    await this.d.store.clear();
    this.d.hub.post({ type: 'clear' });
    this.d.hub.post({ type: 'focusInput' });
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
    };
  }

  dispose(): void {
    this.cancel();
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
    this.setBusy(true, provider);
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
      onDelta: (kind, text) => this.batcher.push(turn.id, kind, text),
      onPhase: (phase) => this.onPhase(turn, phase),
      onRetry: ({ attempt, delayMs, reason }) => {
        this.d.log.warn(`${short} retry ${attempt} in ${delayMs} ms: ${reason}`);
        this.d.transcript.retry(turn.id, attempt, delayMs, reason);
      },
    });
    this.session = session;
    let result: SessionResult;
    try {
      result = await session.start();
    } catch (err) {
      // The session reports failures in its result; reaching here is a bug, but the turn must still end.
      this.batcher.flush();
      return this.endUnsent(record, 'error', `Internal error: ${redactSecrets(messageOf(err), apiKey ? [apiKey] : [])}`);
    } finally {
      this.session = undefined;
    }
    return this.finish(record, provider, result);
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
    const { turn } = record;
    // The session's text is complete by definition; the batches should already match it.
    turn.reasoning = result.reasoning;
    turn.content = result.content;
    record.reasoningSignature = result.reasoningSignature;
    this.update(
      turn,
      definedOnly({
        state: result.status === 'truncated' ? 'done' : result.status,
        error: result.error?.message,
        notice: result.notice,
        reasoningMs: result.metrics.reasoningMs,
        metrics: turnMetrics(result.metrics),
      }),
    );
    this.d.transcript.end(turn.id, result);
    this.logEnd(turn.id, result);
    this.setBusy(false, provider);
    await this.save();
    const status = result.error?.status;
    if (status === 401 || status === 403) {
      this.offerKey(provider, `${turn.provider} refused the request: ${result.error!.message}`);
    }
    return { ...turn };
  }

  private async endUnsent(record: TurnRecord, state: 'cancelled' | 'error', message?: string): Promise<TurnState> {
    const { turn } = record;
    this.update(turn, definedOnly({ state, error: message }));
    this.d.transcript.refused(turn.id, message ?? 'Cancelled before it was sent.');
    if (message) this.d.log.warn(message);
    if (this.busyFlag) this.setBusy(false, this.d.settings.activeProvider().provider);
    await this.save();
    return { ...turn };
  }

  /** Losing the saved copy must not fail the answer the user is looking at. */
  private async save(): Promise<void> {
    try {
      await this.d.store.save();
    } catch (err) {
      this.d.log.error(`Could not save the chat history: ${messageOf(err)}`);
    }
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
    void vscode.window.showWarningMessage(message, 'Set API Key').then((choice) => {
      if (choice) void vscode.commands.executeCommand('thinkstream.setApiKey', provider.id);
    });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function turnMetrics(m: SessionMetrics): TurnMetrics {
  const firsts = [m.firstReasoningMs, m.firstContentMs].filter((v): v is number => v !== undefined);
  return definedOnly({
    ttftMs: firsts.length ? Math.min(...firsts) : undefined,
    totalMs: m.totalMs,
    tokensPerSecond: m.tokensPerSecond,
    tokensEstimated: m.tokensEstimated,
    outputTokens: m.outputTokens,
    reasoningTokens: m.reasoningTokens,
  });
}

/** Undefined fields would vanish in postMessage anyway; dropping them keeps the saved state the same as the sent one. */
function definedOnly<T extends object>(o: T): T {
  const out = {} as T;
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

import {
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
  type ChatRequest,
  type FinishReason,
  type LimitNames,
  type ProviderConfig,
  type RetrySettings,
  type StreamEvent,
  type TimeoutSettings,
  type UsageEvent,
} from '../types';
import { StreamDecoder } from '../providers/decoder';
import { buildRequest } from '../providers/request';
import { RequestError } from '../transport/errors';
import { noDataTimeoutError } from '../transport/timeouts';
import { StreamEventRedactor, redactThenCut, redactorFor } from '../redact';
import { ReasoningStepDetector, type ReasoningStep } from './steps';
import { MetricsClock } from './metrics';
import type { SessionEvent, SessionPhase } from './events';
import type { SessionResult, SessionStatus } from './result';

/** Room for an HTTP status line, the server's own sentence and a hint. */
const MAX_ERROR_MESSAGE_CHARS = 500;

export type { SessionEvent, SessionPhase, StepEvent } from './events';
export type { SessionResult, SessionStatus } from './result';

export interface SessionOptions {
  provider: ProviderConfig;
  request: ChatRequest;
  apiKey?: string;
  /** Further values never to show, though not sent (other keys a user holds, the key of a replayed recording). */
  redact?: string[];
  timeouts?: Partial<TimeoutSettings>;
  /** How the user's surface names each limit (a CLI flag, a VS Code setting). */
  limitNames?: LimitNames;
  retry?: Partial<RetrySettings>;
  proxy?: string;
  /** Hosts that bypass the explicit proxy (VS Code's http.noProxy), NO_PROXY syntax. */
  noProxy?: string;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  maxEventBytes?: number;
  now?: () => number;
  /** Every raw body byte as received (for --record); a tap on the bytes, not a sink of events. */
  onRawBytes?(chunk: Uint8Array): void;
}

/** Where the bytes come from: the network, or a recording being replayed. */
export type ByteSource = (
  signal: AbortSignal,
  onRetry: (info: { attempt: number; delayMs: number; reason: string }) => void,
) => Promise<{ body: AsyncIterable<Uint8Array>; attempts?: number; contentType?: string }>;

/**
 * One request end to end, as ONE async iterable of SessionEvents (like the openai
 * SDK's Stream): text deltas, phases, whole reasoning steps, retries, and last an
 * `end` event carrying the result. The session keeps every event it produced, so
 * iterating and awaiting `result` never starve each other, in any order or both at
 * once, and an iterator that starts late still sees everything from the first event.
 * Breaking out of a loop early cancels the request, as the SDK's Stream does.
 */
export class ChatSession implements AsyncIterable<SessionEvent> {
  /** The one record of what happened; iterators are cursors into it. */
  private readonly log: SessionEvent[] = [];
  private ended = false;
  private wake: Array<() => void> = [];
  private readonly reasoningText = new TextTally();
  private readonly contentText = new TextTally();
  private readonly controller = new AbortController();
  private readonly steps: ReasoningStep[] = [];
  private readonly stepDetector: ReasoningStepDetector;
  private readonly textRedactor: StreamEventRedactor;
  private clock!: MetricsClock;
  private running?: Promise<SessionResult>;
  private usage?: Omit<UsageEvent, 'type'>;
  private finish?: FinishReason;
  private failure?: RequestError;
  private cancelled = false;
  private phase?: SessionPhase;
  private attempts = 1;
  private noDataTimer?: NodeJS.Timeout;
  /** An event came out of the current read; the no-data limit starts over once per read, not per event. */
  private eventsInRead = false;

  constructor(
    private readonly opts: SessionOptions,
    private readonly source: ByteSource = networkSource(opts),
  ) {
    this.stepDetector = new ReasoningStepDetector((step) => {
      this.steps.push(step);
      this.append({ type: 'step', ...step });
    });
    this.textRedactor = new StreamEventRedactor(redactorFor(secretsOf(opts)));
  }

  /** Resolves once the request has ended, however it ended; never rejects. Starts it if nothing has. */
  get result(): Promise<SessionResult> {
    this.running ??= this.run();
    return this.running;
  }

  /** Starts the request without reading its events; the same promise as `result`. */
  start(): Promise<SessionResult> {
    return this.result;
  }

  /** Stops the request and closes the connection; everything received is kept. */
  cancel(): void {
    this.cancelled = true;
    this.controller.abort();
  }

  /** The reasoning so far (all of it once the session has ended). */
  get reasoning(): string {
    return this.reasoningText.text;
  }

  /** The answer so far. */
  get content(): string {
    return this.contentText.text;
  }

  [Symbol.asyncIterator](): AsyncIterator<SessionEvent> {
    void this.result;
    let next = 0;
    const pull = (): Promise<IteratorResult<SessionEvent>> => {
      if (next < this.log.length) return Promise.resolve({ value: this.log[next++], done: false });
      if (this.ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise<void>((resolve) => this.wake.push(resolve)).then(pull);
    };
    return {
      next: pull,
      return: (): Promise<IteratorResult<SessionEvent>> => {
        // A consumer that stops reading no longer wants the answer.
        if (!this.ended) this.cancel();
        next = this.log.length;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private append(e: SessionEvent): void {
    // Nothing follows the end: a late flush from the decoder is not part of the answer.
    if (this.ended) return;
    this.log.push(e);
    if (this.wake.length > 0) {
      const waiting = this.wake;
      this.wake = [];
      for (const resolve of waiting) resolve();
    }
  }

  private async run(): Promise<SessionResult> {
    const now = this.opts.now ?? (() => performance.now());
    this.clock = new MetricsClock(now);
    const onAbort = () => this.cancel();
    if (this.opts.signal?.aborted) this.cancel();
    this.opts.signal?.addEventListener('abort', onAbort, { once: true });
    this.setPhase('waiting');
    const decoder = new StreamDecoder({
      kind: this.opts.provider.kind,
      model: this.opts.provider.model,
      inlineThink: this.opts.provider.inlineThink,
      maxEventBytes: this.opts.maxEventBytes,
      emit: (e) => this.handle(e),
    });
    try {
      if (this.cancelled) throw new RequestError('cancelled', 'Cancelled');
      const opened = await this.source(this.controller.signal, (info) =>
        this.append({ type: 'retry', ...info, reason: this.redact(info.reason) }),
      );
      const { body, attempts } = opened;
      decoder.contentType = opened.contentType;
      this.attempts = attempts ?? 1;
      for await (const chunk of body) {
        if (this.clock.firstByte === undefined) {
          this.clock.firstByte = this.clock.mark();
          // Until the first byte the first-byte limit is the one that applies.
          this.armNoData();
        }
        this.opts.onRawBytes?.(chunk);
        decoder.push(chunk);
        if (this.eventsInRead) {
          this.eventsInRead = false;
          this.noDataTimer?.refresh();
        }
        // A stream that reported an error has nothing more to give; close it.
        if (this.failure || decoder.failed || this.cancelled) break;
      }
      if (this.cancelled) throw new RequestError('cancelled', 'Cancelled');
      if (!this.failure) decoder.end();
    } catch (err) {
      if (err instanceof RequestError && err.attempts !== undefined) this.attempts = err.attempts;
      this.fail(err);
    } finally {
      this.disarmNoData();
      this.opts.signal?.removeEventListener('abort', onAbort);
    }
    return this.complete(decoder);
  }

  /**
   * Comments and blank lines keep the idle limit happy but produce no events; only
   * an event (text, usage, finish, an error) proves the model is still there.
   */
  private armNoData(): void {
    const ms = this.opts.timeouts?.noDataMs ?? DEFAULT_TIMEOUTS.noDataMs;
    if (!(ms > 0)) return;
    this.noDataTimer = setTimeout(() => {
      this.noDataTimer = undefined;
      this.fail(noDataTimeoutError(ms, this.opts.limitNames));
      // Closes the connection; fail() above already recorded why, so this is no cancel.
      this.controller.abort();
    }, ms);
  }

  private disarmNoData(): void {
    if (this.noDataTimer !== undefined) clearTimeout(this.noDataTimer);
    this.noDataTimer = undefined;
  }

  /** A key the server echoes into reasoning or answer is removed here, once, before any sink sees it. */
  private handle(raw: StreamEvent): void {
    this.eventsInRead = true;
    for (const e of this.textRedactor.pass(raw)) this.accept(e);
  }

  private accept(e: StreamEvent): void {
    switch (e.type) {
      case 'reasoning':
        if (this.clock.firstReasoning === undefined) this.clock.firstReasoning = this.clock.mark();
        this.reasoningText.add(e.text);
        this.setPhase('thinking');
        this.append(e);
        // After the delta, so a step never arrives ahead of its own text.
        this.stepDetector.push(e.text);
        return;
      case 'content':
        if (this.clock.firstContent === undefined) {
          this.clock.firstContent = this.clock.mark();
          if (this.clock.firstReasoning !== undefined) {
            this.clock.reasoningEnd = this.clock.firstContent;
            this.stepDetector.end();
          }
        }
        this.contentText.add(e.text);
        this.setPhase('answering');
        break;
      case 'usage': {
        const { type: _t, ...u } = e;
        this.usage = { ...this.usage, ...definedOnly(u) };
        break;
      }
      case 'finish':
        this.finish ??= e.reason;
        break;
      case 'error': {
        const message = this.redact(e.message);
        const kind = e.kind ?? 'stream';
        this.failure ??= new RequestError(kind, message, { status: e.status, judgedRetryable: e.retryable });
        e = { ...e, message, kind };
        break;
      }
    }
    this.append(e);
  }

  private fail(err: unknown): void {
    // The first ending stands: a limit that closed the stream did so by aborting it.
    if (this.failure) return;
    if (this.cancelled || (err instanceof RequestError && err.kind === 'cancelled')) {
      this.cancelled = true;
      return;
    }
    const failure = err instanceof RequestError ? err : new RequestError('internal', err instanceof Error ? err.message : String(err));
    failure.message = this.redact(failure.message);
    this.failure = failure;
    this.releaseHeldText();
    this.append({ type: 'error', message: failure.message, status: failure.status, retryable: failure.retryable, kind: failure.kind });
  }

  private complete(decoder: StreamDecoder): SessionResult {
    this.releaseHeldText();
    if (this.clock.firstReasoning !== undefined && this.clock.firstContent === undefined) {
      this.clock.reasoningEnd = this.clock.mark();
    }
    this.stepDetector.end();
    if (this.cancelled) this.append({ type: 'finish', reason: 'cancelled' });
    const reasoning = this.reasoning;
    const content = this.content;
    const status: SessionStatus = this.cancelled
      ? 'cancelled'
      : this.failure
        ? 'error'
        : this.finish === 'length'
          ? 'truncated'
          : 'done';
    const result: SessionResult = {
      status,
      reasoning,
      content,
      finishReason: this.cancelled ? 'cancelled' : this.failure ? 'error' : this.finish,
      usage: this.usage,
      error: this.failure,
      notice: noticeFor(status, this.finish, reasoning, content, decoder.meta.endedInsideThinking === true),
      metrics: this.clock.finish(this.usage, { reasoning: reasoning.length, content: content.length }, this.attempts),
      steps: this.steps,
      model: decoder.meta.model,
      reasoningSignature: decoder.meta.reasoningSignature,
      reasoningItems: decoder.meta.reasoningItems,
    };
    this.append({ type: 'end', result });
    this.ended = true;
    return result;
  }

  private setPhase(phase: SessionPhase): void {
    if (this.phase === phase) return;
    this.phase = phase;
    this.append({ type: 'phase', phase });
  }

  private releaseHeldText(): void {
    for (const e of this.textRedactor.flush()) this.accept(e);
  }

  /** Redacted before it is cut, so a cut never leaves part of a key. */
  private redact(text: string): string {
    return redactThenCut(text, secretsOf(this.opts), MAX_ERROR_MESSAGE_CHARS);
  }
}

/**
 * Streamed text kept as parts and joined only when read, so a long answer costs
 * one join per read instead of one copy per delta.
 */
class TextTally {
  private parts: string[] = [];

  add(text: string): void {
    this.parts.push(text);
  }

  get text(): string {
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return this.parts[0] ?? '';
  }
}

function noticeFor(
  status: SessionStatus,
  finish: FinishReason | undefined,
  reasoning: string,
  content: string,
  endedInsideThinking: boolean,
): string | undefined {
  if (status === 'truncated') {
    return content === '' && reasoning !== ''
      ? 'The reasoning was cut off by the token limit before the answer began. Raise max tokens and ask again.'
      : 'The answer was cut off by the token limit.';
  }
  if (status !== 'done') return undefined;
  if (finish === 'content_filter') return "The provider's content filter stopped the answer.";
  if (finish === 'tool_calls') return 'The model asked to call a tool; Thinkstream does not run tools.';
  if (content === '' && endedInsideThinking) {
    return 'The answer is empty: the model never closed its <think> block, so everything it wrote is shown as reasoning.';
  }
  if (content === '' && reasoning !== '') return 'The model finished without an answer after its reasoning.';
  return undefined;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as any)[k] = v;
  return out;
}

/** The key, and any provider header that carries a credential (Azure's api-key, a gateway token). */
function secretsOf(opts: SessionOptions): string[] {
  const secrets = opts.apiKey ? [opts.apiKey, ...(opts.redact ?? [])] : [...(opts.redact ?? [])];
  for (const [name, value] of Object.entries(opts.provider.headers ?? {})) {
    if (/auth|key|token|secret|cookie|session/i.test(name)) secrets.push(value.replace(/^(Bearer|Basic)\s+/i, ''));
  }
  return secrets;
}

function networkSource(opts: SessionOptions): ByteSource {
  return async (signal, onRetry) => {
    // Loaded on first use: a replay, and the CLI's start-up, never pay for undici.
    const { openStream } = await import('../transport/http');
    const built = buildRequest(opts.provider, opts.request, opts.apiKey);
    const res = await openStream(
      { url: built.url, method: 'POST', headers: built.headers, body: built.body },
      {
        timeouts: { ...DEFAULT_TIMEOUTS, ...opts.timeouts },
        limitNames: opts.limitNames,
        retry: { ...DEFAULT_RETRY, ...opts.retry },
        signal,
        proxy: opts.proxy,
        noProxy: opts.noProxy,
        env: opts.env,
        secrets: secretsOf(opts),
        providerKind: opts.provider.kind,
        onRetry,
      },
    );
    const type = res.headers['content-type'];
    return { body: res.body, attempts: res.attempts, contentType: Array.isArray(type) ? type[0] : type };
  };
}

/** Runs recorded response bytes through the same pipeline, with no network. */
export function replaySession(bytes: Uint8Array, opts: Omit<SessionOptions, 'apiKey'>): ChatSession {
  return new ChatSession(opts, async () => ({ body: chunksOf(bytes, 64 * 1024) }));
}

async function* chunksOf(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

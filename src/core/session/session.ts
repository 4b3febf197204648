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
import { openStream } from '../transport/http';
import { RequestError } from '../transport/errors';
import { noDataTimeoutError } from '../transport/timeouts';
import { StreamEventRedactor, redactThenCut, redactorFor } from '../redact';
import { ReasoningStepDetector, type ReasoningStep } from './steps';
import { MetricsClock, type SessionMetrics } from './metrics';
import { EventQueue } from './queue';

/** Room for an HTTP status line, the server's own sentence and a hint. */
const MAX_ERROR_MESSAGE_CHARS = 500;

export type SessionStatus = 'done' | 'cancelled' | 'error' | 'truncated';
export type SessionPhase = 'waiting' | 'thinking' | 'answering';

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

export interface SessionCallbacks {
  onEvent?(event: StreamEvent): void;
  onDelta?(kind: 'reasoning' | 'content', text: string): void;
  onStep?(step: ReasoningStep): void;
  onPhase?(phase: SessionPhase): void;
  onRetry?(info: { attempt: number; delayMs: number; reason: string }): void;
  /** Every raw body byte as received (for --record). */
  onRawBytes?(chunk: Uint8Array): void;
  onComplete?(result: SessionResult): void;
}

export interface SessionOptions extends SessionCallbacks {
  provider: ProviderConfig;
  request: ChatRequest;
  apiKey?: string;
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
}

/** Where the bytes come from: the network, or a recording being replayed. */
export type ByteSource = (signal: AbortSignal) => Promise<{ body: AsyncIterable<Uint8Array>; attempts?: number; contentType?: string }>;

/**
 * One request end to end. Use it as an async iterable of events, or with callbacks
 * and `start()`; either way the partial reasoning and answer survive whatever ends
 * the stream, and `result` says how it ended.
 */
export class ChatSession implements AsyncIterable<StreamEvent> {
  private readonly reasoningParts: string[] = [];
  private readonly contentParts: string[] = [];
  private reasoningChars = 0;
  private contentChars = 0;
  private readonly controller = new AbortController();
  private readonly queue = new EventQueue<StreamEvent>();
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
  private iterated = false;
  private noDataTimer?: NodeJS.Timeout;

  constructor(
    private readonly opts: SessionOptions,
    private readonly source: ByteSource = networkSource(opts),
  ) {
    this.stepDetector = new ReasoningStepDetector((step) => {
      this.steps.push(step);
      opts.onStep?.(step);
    });
    this.textRedactor = new StreamEventRedactor(redactorFor(secretsOf(opts)));
  }

  /** Starts the request once; later calls return the same result. */
  start(): Promise<SessionResult> {
    // Callback users never read the queue: do not let it hold the whole stream.
    if (!this.running && !this.iterated) this.queue.close();
    this.running ??= this.run();
    return this.running;
  }

  get result(): Promise<SessionResult> {
    return this.start();
  }

  /** Stops the request and closes the connection; everything received is kept. */
  cancel(): void {
    this.cancelled = true;
    this.controller.abort();
  }

  get reasoning(): string {
    return joinParts(this.reasoningParts);
  }

  get content(): string {
    return joinParts(this.contentParts);
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    this.iterated = true;
    void this.start();
    return this.queue.iterator();
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
      const opened = await this.source(this.controller.signal);
      const { body, attempts } = opened;
      decoder.contentType = opened.contentType;
      this.attempts = attempts ?? 1;
      this.armNoData();
      for await (const chunk of body) {
        this.clock.firstByte ??= this.clock.mark();
        this.opts.onRawBytes?.(chunk);
        decoder.push(chunk);
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
    this.noDataTimer?.refresh();
    for (const e of this.textRedactor.pass(raw)) this.accept(e);
  }

  private accept(e: StreamEvent): void {
    switch (e.type) {
      case 'reasoning':
        if (this.clock.firstReasoning === undefined) this.clock.firstReasoning = this.clock.mark();
        this.reasoningParts.push(e.text);
        this.reasoningChars += e.text.length;
        this.stepDetector.push(e.text);
        this.setPhase('thinking');
        this.opts.onDelta?.('reasoning', e.text);
        break;
      case 'content':
        if (this.clock.firstContent === undefined) {
          this.clock.firstContent = this.clock.mark();
          if (this.clock.firstReasoning !== undefined) {
            this.clock.reasoningEnd = this.clock.firstContent;
            this.stepDetector.end();
          }
        }
        this.contentParts.push(e.text);
        this.contentChars += e.text.length;
        this.setPhase('answering');
        this.opts.onDelta?.('content', e.text);
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
    this.queue.push(e);
    this.opts.onEvent?.(e);
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
    this.emitFinal({ type: 'error', message: failure.message, status: failure.status, retryable: failure.retryable, kind: failure.kind });
  }

  private complete(decoder: StreamDecoder): SessionResult {
    this.releaseHeldText();
    if (this.clock.firstReasoning !== undefined && this.clock.firstContent === undefined) {
      this.clock.reasoningEnd = this.clock.mark();
    }
    this.stepDetector.end();
    if (this.cancelled) this.emitFinal({ type: 'finish', reason: 'cancelled' });
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
      metrics: this.clock.finish(this.usage, { reasoning: this.reasoningChars, content: this.contentChars }, this.attempts),
      steps: this.steps,
      model: decoder.meta.model,
      reasoningSignature: decoder.meta.reasoningSignature,
      reasoningItems: decoder.meta.reasoningItems,
    };
    this.queue.close();
    this.opts.onComplete?.(result);
    return result;
  }

  private emitFinal(e: StreamEvent): void {
    this.releaseHeldText();
    this.queue.push(e);
    this.opts.onEvent?.(e);
  }

  private setPhase(phase: SessionPhase): void {
    if (this.phase === phase) return;
    this.phase = phase;
    this.opts.onPhase?.(phase);
  }

  private releaseHeldText(): void {
    for (const e of this.textRedactor.flush()) this.accept(e);
  }

  /** Redacted before it is cut, so a cut never leaves part of a key. */
  private redact(text: string): string {
    return redactThenCut(text, secretsOf(this.opts), MAX_ERROR_MESSAGE_CHARS);
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

function joinParts(parts: string[]): string {
  // Collapse in place so repeated reads stay cheap on long answers.
  if (parts.length > 1) parts.splice(0, parts.length, parts.join(''));
  return parts[0] ?? '';
}

function definedOnly<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as any)[k] = v;
  return out;
}

/** The key, and any provider header that carries a credential (Azure's api-key, a gateway token). */
function secretsOf(opts: SessionOptions): string[] {
  const secrets = opts.apiKey ? [opts.apiKey] : [];
  for (const [name, value] of Object.entries(opts.provider.headers ?? {})) {
    if (/auth|key|token|secret|cookie|session/i.test(name)) secrets.push(value.replace(/^(Bearer|Basic)\s+/i, ''));
  }
  return secrets;
}

function networkSource(opts: SessionOptions): ByteSource {
  return async (signal) => {
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
        onRetry: opts.onRetry,
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

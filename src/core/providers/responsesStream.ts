import type { StreamEvent } from '../types';
import { responsesIncompleteFinish } from './finish';
import {
  endedEarlyError,
  errorFromEventData,
  isObject,
  isRetryableErrorType,
  newMeta,
  num,
  type AdapterOptions,
  type FrameAdapter,
  type StreamMeta,
} from './adapter';

const PARAGRAPH = '\n\n';

/**
 * OpenAI Responses API events (`POST {base}/responses`), and a whole Response body
 * through the same item code. Reasoning comes as summary parts (OpenAI, Azure,
 * Ollama) or raw `reasoning_text` (gpt-oss on vLLM and LM Studio); the JSON `type`
 * decides, the `event:` line only repeats it. The stream ends with a terminal event
 * and no [DONE].
 */
export class ResponsesStreamAdapter implements FrameAdapter {
  readonly meta: StreamMeta;
  private terminal = false;
  private failed = false;
  /** Which reasoning part or message item the last text belonged to, to put paragraph breaks between them. */
  private lastReasoningPart?: string;
  private lastMessageItem?: string;
  private reasoningShown = false;
  private contentShown = false;
  /** Items whose text arrived as deltas; their `done` copy must not show it again. */
  private readonly streamed = new Set<string>();

  constructor(private readonly opts: AdapterOptions) {
    this.meta = newMeta(opts.model);
  }

  frame(data: string, event: string | undefined): void {
    if (this.terminal) return;
    if (event === 'error') {
      this.meta.recognizedFrames++;
      this.fail(errorFromEventData(data));
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      this.meta.skippedFrames++;
      return;
    }
    if (!isObject(msg) || typeof msg.type !== 'string') return;
    if (msg.type !== 'error' && !msg.type.startsWith('response.')) return;
    this.meta.recognizedFrames++;
    this.event(msg);
  }

  whole(body: Record<string, any>): boolean {
    if (body.object !== 'response' && !Array.isArray(body.output)) return false;
    this.meta.recognizedFrames++;
    if (Array.isArray(body.output)) for (const item of body.output) if (isObject(item)) this.itemDone(item);
    this.finishWith(body);
    return true;
  }

  end(): void {
    if (this.terminal || this.failed) return;
    this.opts.emit(endedEarlyError());
  }

  private event(msg: Record<string, any>): void {
    switch (msg.type) {
      case 'response.created':
      case 'response.in_progress':
        // An echo of the request: output [] and usage null, but it names the model.
        if (isObject(msg.response) && typeof msg.response.model === 'string') this.meta.model = msg.response.model;
        break;
      case 'response.reasoning_summary_text.delta':
        this.reasoning(`${msg.item_id}:s${msg.summary_index ?? 0}`, msg.item_id, msg.delta);
        break;
      case 'response.reasoning_text.delta':
        this.reasoning(`${msg.item_id}:t${msg.content_index ?? 0}`, msg.item_id, msg.delta);
        break;
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        // A refusal is the model's answer; the response still completes.
        this.content(msg.item_id, msg.delta);
        break;
      case 'response.output_item.done':
        if (isObject(msg.item)) this.itemDone(msg.item);
        break;
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        this.finishWith(isObject(msg.response) ? msg.response : {}, msg.type.slice('response.'.length));
        break;
      case 'error':
        this.fail(errorFromEventData(JSON.stringify(msg)));
        break;
      default:
        break; // part and item brackets, annotations, tool calls, future events
    }
  }

  private reasoning(part: string, itemId: unknown, delta: unknown): void {
    if (typeof delta !== 'string' || delta === '') return;
    if (typeof itemId === 'string') this.streamed.add(itemId);
    let text = delta;
    if (part !== this.lastReasoningPart) {
      if (this.reasoningShown) text = PARAGRAPH + text;
      this.lastReasoningPart = part;
    }
    this.reasoningShown = true;
    this.opts.emit({ type: 'reasoning', text });
  }

  private content(itemId: unknown, delta: unknown): void {
    if (typeof delta !== 'string' || delta === '') return;
    const item = typeof itemId === 'string' ? itemId : '';
    if (item) this.streamed.add(item);
    let text = delta;
    if (item !== this.lastMessageItem) {
      if (this.contentShown) text = PARAGRAPH + text;
      this.lastMessageItem = item;
    }
    this.contentShown = true;
    this.opts.emit({ type: 'content', text });
  }

  /**
   * The finished copy of an item. Reasoning items are kept for stateless replay (this
   * copy is complete; the one in `output_item.added` may not be). Text shows only when
   * no deltas brought it: a whole body, or a server that skips deltas.
   */
  private itemDone(item: Record<string, any>): void {
    const id = typeof item.id === 'string' ? item.id : '';
    if (item.type === 'reasoning') {
      if (typeof item.encrypted_content === 'string') (this.meta.reasoningItems ??= []).push(item);
      if (this.streamed.has(id)) return;
      const summaries = Array.isArray(item.summary) ? item.summary : [];
      summaries.forEach((s: unknown, i: number) => {
        if (isObject(s)) this.reasoning(`${id}:s${i}`, undefined, s.text);
      });
      const contents = Array.isArray(item.content) ? item.content : [];
      contents.forEach((c: unknown, i: number) => {
        if (isObject(c) && c.type === 'reasoning_text') this.reasoning(`${id}:t${i}`, undefined, c.text);
      });
    } else if (item.type === 'message' && !this.streamed.has(id)) {
      const parts = Array.isArray(item.content) ? item.content : [];
      for (const p of parts) {
        if (!isObject(p)) continue;
        if (p.type === 'output_text') this.content(id, p.text);
        else if (p.type === 'refusal') this.content(id, p.refusal);
      }
    }
  }

  private finishWith(response: Record<string, any>, how = String(response.status ?? '')): void {
    if (this.terminal) return;
    this.terminal = true;
    if (typeof response.model === 'string' && response.model) this.meta.model = response.model;
    const u = response.usage;
    if (isObject(u)) {
      const details = isObject(u.output_tokens_details) ? u.output_tokens_details : {};
      this.opts.emit({
        type: 'usage',
        inputTokens: num(u.input_tokens),
        outputTokens: num(u.output_tokens),
        reasoningTokens: num(details.reasoning_tokens),
      });
    }
    if (how === 'failed') {
      const e = isObject(response.error) ? response.error : {};
      this.fail({
        message: typeof e.message === 'string' && e.message ? e.message : 'The response failed without details.',
        type: typeof e.code === 'string' ? e.code : undefined,
      });
      return;
    }
    if (this.failed) return;
    if (how === 'incomplete') {
      const reason = isObject(response.incomplete_details) ? response.incomplete_details.reason : undefined;
      const raw = typeof reason === 'string' ? reason : undefined;
      this.opts.emit({ type: 'finish', reason: responsesIncompleteFinish(raw), raw: raw ?? 'incomplete' });
      return;
    }
    if (how === 'completed') this.opts.emit({ type: 'finish', reason: 'stop', raw: 'completed' });
    else this.opts.emit({ type: 'finish', reason: 'other', raw: how || 'no status' });
  }

  private fail(e: { message: string; type?: string; status?: number }): void {
    if (this.failed) return;
    this.failed = true;
    const event: StreamEvent = {
      type: 'error',
      message: e.type && !e.message.includes(e.type) ? `${e.message} (${e.type})` : e.message,
      status: e.status,
      kind: 'stream',
      retryable: isRetryableErrorType(e.type, e.status),
    };
    this.opts.emit(event);
  }
}

// The reasoning block of one turn: plain text (never HTML) in a collapsible <details>,
// under a header that reads "Thinking… 4s" while the model thinks and "Thought for
// 12.4s" after. The live header is one text node rewritten once a second; the turn
// around it is never re-rendered for the clock.
import type { ReasoningDisplay, TurnState } from '../protocol';
import { formatDuration, formatElapsed } from './format';
import { everySecondSince, type HostClock } from './timer';

/** Past this many characters a new chunk starts at the next newline, so appending never relays one huge text node. */
const CHUNK_CHARS = 4096;

export class ReasoningView {
  readonly element: HTMLDetailsElement;
  private readonly label: Text;
  private readonly body: HTMLElement;
  private chunk: Text | null = null;
  private length = 0;
  private startedLocal: number | undefined;
  private endedLocal: number | undefined;
  private thinking = false;
  private stopTicking: (() => void) | undefined;
  private display: ReasoningDisplay = 'auto';

  constructor(private readonly clock: HostClock) {
    this.element = document.createElement('details');
    this.element.className = 'reasoning';
    this.element.dataset.role = 'reasoning';
    const summary = document.createElement('summary');
    summary.className = 'reasoning-header';
    const labelSpan = document.createElement('span');
    labelSpan.className = 'reasoning-label';
    this.label = document.createTextNode('');
    labelSpan.append(this.label);
    summary.append(labelSpan);
    this.body = document.createElement('div');
    this.body.className = 'reasoning-body';
    this.element.append(summary, this.body);
  }

  get hasText(): boolean {
    return this.length > 0;
  }

  append(text: string): void {
    if (text === '') return;
    if (this.chunk === null || this.chunk.length < CHUNK_CHARS) {
      this.appendToChunk(text);
      return;
    }
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      this.appendToChunk(text);
      return;
    }
    this.appendToChunk(text.slice(0, cut + 1));
    this.chunk = null;
    this.appendToChunk(text.slice(cut + 1));
  }

  /** Replaces the text when the host sends a correction instead of a delta. */
  reset(text: string): void {
    this.body.replaceChildren();
    this.chunk = null;
    this.length = 0;
    this.append(text);
  }

  setDisplay(display: ReasoningDisplay): void {
    this.display = display;
    this.element.open = display === 'expanded' || (display === 'auto' && this.thinking);
    this.updateVisibility();
  }

  /** Brings the header in line with the turn; cheap enough to call on every frame. */
  sync(turn: TurnState): void {
    const now = Date.now();
    const ended =
      turn.reasoningMs !== undefined || turn.content.length > 0 || turn.phase === 'answering' || turn.state !== 'streaming';
    const started = this.hasText || turn.phase === 'thinking' || turn.reasoningStartedAt !== undefined;
    if (started && this.startedLocal === undefined) {
      if (turn.reasoningStartedAt !== undefined) this.startedLocal = this.clock.toLocal(turn.reasoningStartedAt);
      else if (!ended) this.startedLocal = now;
    }
    // Only a turn seen live can be timed here; a finished one from a snapshot relies on reasoningMs.
    const seenLive = this.thinking || turn.state === 'streaming';
    if (ended && seenLive && this.startedLocal !== undefined && this.endedLocal === undefined) this.endedLocal = now;
    const wasThinking = this.thinking;
    this.thinking = started && !ended;
    this.element.classList.toggle('live', this.thinking);
    if (this.display === 'auto' && wasThinking !== this.thinking) this.element.open = this.thinking;

    if (this.thinking) {
      this.stopTicking ??= everySecondSince(this.startedLocal ?? now, (t) => this.setLabel(this.thinkingLabel(t)));
      this.setLabel(this.thinkingLabel(now));
    } else {
      this.stopTicking?.();
      this.stopTicking = undefined;
      this.setLabel(this.doneLabel(turn));
    }
    this.updateVisibility();
  }

  dispose(): void {
    this.stopTicking?.();
    this.stopTicking = undefined;
  }

  private thinkingLabel(now: number): string {
    const start = this.startedLocal ?? now;
    return `Thinking… ${formatElapsed(now - start)}`;
  }

  private doneLabel(turn: TurnState): string {
    if (turn.reasoningMs !== undefined) return `Thought for ${formatDuration(turn.reasoningMs)}`;
    if (this.startedLocal !== undefined && this.endedLocal !== undefined) {
      return `Thought for ${formatDuration(this.endedLocal - this.startedLocal)}`;
    }
    return 'Reasoning';
  }

  private setLabel(text: string): void {
    if (this.label.data !== text) this.label.data = text;
  }

  private appendToChunk(text: string): void {
    if (text === '') return;
    if (this.chunk === null) {
      const div = document.createElement('div');
      div.className = 'reasoning-chunk';
      this.chunk = document.createTextNode('');
      div.append(this.chunk);
      this.body.append(div);
    }
    this.chunk.appendData(text);
    this.length += text.length;
  }

  private updateVisibility(): void {
    const hidden = this.display === 'hidden' || (!this.hasText && !this.thinking);
    if (this.element.hidden !== hidden) this.element.hidden = hidden;
  }
}

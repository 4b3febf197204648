// The reasoning of one turn: sanitized markdown (the same block-by-block renderer as the
// answer) in a bounded pane that follows the newest text while the model thinks, under
// a header that reads "Thinking… 4s" and then "Thought for 12.4s · 812 tokens". Folded
// open, it also lists the reasoning's steps as an outline. The live header is one text
// node rewritten once a second; the turn around it is never re-rendered for the clock.
import type { ReasoningDisplay, ReasoningStepState, TurnState } from '../protocol';
import { formatDuration, formatElapsed, formatCount } from './format';
import { MarkdownView } from './markdownView';
import { TailFollower } from './tailFollower';
import { everySecondSince, type HostClock } from './timer';

/** How close to the pane's end still counts as following it. */
const FOLLOW_SLACK_PX = 16;

export class ReasoningView {
  readonly element: HTMLDetailsElement;
  private readonly label: Text;
  private readonly steps: HTMLOListElement;
  private readonly body: HTMLElement;
  private readonly text: MarkdownView;
  private readonly note: HTMLElement;
  private readonly follower: TailFollower;
  private startedLocal: number | undefined;
  private endedLocal: number | undefined;
  private thinking = false;
  private autoOpen = false;
  private stopTicking: (() => void) | undefined;
  /** Seconds from the host's clock; once one has come, the local timer is not used. */
  private hostSeconds: number | undefined;
  private display: ReasoningDisplay = 'auto';
  private stepCount = 0;

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
    this.steps = document.createElement('ol');
    this.steps.className = 'reasoning-steps';
    this.steps.setAttribute('aria-label', 'Reasoning steps');
    this.steps.hidden = true;
    this.body = document.createElement('div');
    this.body.className = 'reasoning-body';
    this.body.tabIndex = 0;
    this.body.setAttribute('aria-label', 'Reasoning text');
    this.text = new MarkdownView({ className: 'reasoning-text' });
    this.body.append(this.text.element);
    this.note = document.createElement('p');
    this.note.className = 'reasoning-note';
    this.note.hidden = true;
    this.element.append(summary, this.steps, this.body, this.note);
    this.follower = new TailFollower(this.body, this.text.element, FOLLOW_SLACK_PX);
  }

  get hasText(): boolean {
    return this.text.textLength > 0;
  }

  append(text: string): void {
    this.text.append(text);
  }

  /** Replaces the text when the host sends a correction instead of a delta. */
  reset(text: string): void {
    this.text.reset(text);
  }

  addStep(step: ReasoningStepState): void {
    // Steps come in order and once; a repeat (e.g. after a snapshot) is ignored.
    if (step.index < this.stepCount) return;
    const item = document.createElement('li');
    item.className = step.complete ? 'reasoning-step' : 'reasoning-step cut';
    item.textContent = stepTitle(step.text);
    item.title = step.text.slice(0, 500);
    this.steps.append(item);
    this.stepCount = step.index + 1;
    if (this.steps.hidden) this.steps.hidden = false;
  }

  /** The host's clock: the same seconds the status bar shows. */
  setElapsed(seconds: number): void {
    this.hostSeconds = seconds;
    this.stopTicking?.();
    this.stopTicking = undefined;
    if (this.thinking) this.setLabel(`Thinking… ${formatSeconds(seconds)}`);
  }

  setDisplay(display: ReasoningDisplay): void {
    this.display = display;
    this.element.open = display === 'expanded' || (display === 'auto' && this.autoOpen);
    this.updateVisibility(undefined);
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
    if (turn.elapsedSec !== undefined && this.hostSeconds === undefined) this.hostSeconds = turn.elapsedSec;
    this.thinking = started && !ended;
    this.element.classList.toggle('live', this.thinking);
    // Auto folds the reasoning once an answer starts; a turn that ended with no answer
    // keeps it open, since the reasoning is all there is to read.
    const autoOpen = this.thinking || (turn.state !== 'streaming' && turn.content === '' && this.hasText);
    if (this.display === 'auto' && autoOpen !== this.autoOpen) this.element.open = autoOpen;
    this.autoOpen = autoOpen;

    if (this.thinking) {
      if (this.hostSeconds === undefined) {
        this.stopTicking ??= everySecondSince(this.startedLocal ?? now, (t) => this.setLabel(this.thinkingLabel(t)));
      }
      this.setLabel(this.thinkingLabel(now));
    } else {
      this.stopTicking?.();
      this.stopTicking = undefined;
      this.setLabel(this.doneLabel(turn));
    }
    this.setNote(noteFor(turn, this.thinking));
    this.updateVisibility(turn);
  }

  /** Follow the newest text again, e.g. for a turn that starts streaming. */
  follow(): void {
    this.follower.follow();
  }

  dispose(): void {
    this.stopTicking?.();
    this.stopTicking = undefined;
    this.follower.dispose();
  }

  private thinkingLabel(now: number): string {
    if (this.hostSeconds !== undefined) return `Thinking… ${formatSeconds(this.hostSeconds)}`;
    const start = this.startedLocal ?? now;
    return `Thinking… ${formatElapsed(now - start)}`;
  }

  private doneLabel(turn: TurnState): string {
    let ms = turn.reasoningMs ?? turn.metrics?.thinkingMs;
    if (ms === undefined && this.startedLocal !== undefined && this.endedLocal !== undefined) ms = this.endedLocal - this.startedLocal;
    const parts = [ms !== undefined ? `Thought for ${formatDuration(ms)}` : 'Reasoning'];
    const tokens = turn.metrics?.reasoningTokens;
    if (tokens !== undefined) parts.push(`${turn.metrics?.tokensEstimated ? '≈' : ''}${formatCount(tokens)} tokens`);
    if (turn.reasoningRedacted && !this.hasText) parts.push('redacted');
    return parts.join(' · ');
  }

  private setLabel(text: string): void {
    if (this.label.data !== text) this.label.data = text;
  }

  private setNote(text: string): void {
    if (this.note.textContent !== text) this.note.textContent = text;
    const hidden = text === '';
    if (this.note.hidden !== hidden) this.note.hidden = hidden;
  }

  private updateVisibility(turn: TurnState | undefined): void {
    const redacted = turn?.reasoningRedacted === true || !this.note.hidden;
    const hidden = this.display === 'hidden' || (!this.hasText && !this.thinking && !redacted);
    if (this.element.hidden !== hidden) this.element.hidden = hidden;
    const noBody = !this.hasText;
    if (this.body.hidden !== noBody) this.body.hidden = noBody;
  }
}

/** Cut-off and redacted reasoning said in words. */
function noteFor(turn: TurnState, thinking: boolean): string {
  const notes: string[] = [];
  if (turn.reasoningRedacted) notes.push('Part of the reasoning was redacted by the provider and is not shown.');
  const stoppedWhileThinking = turn.state !== 'streaming' && turn.state !== 'done' && turn.content === '' && turn.reasoning !== '';
  if (!thinking && (turn.reasoningCutOff || stoppedWhileThinking)) {
    notes.push(turn.state === 'cancelled' ? 'Reasoning was cut off: the request was cancelled.' : 'Reasoning was cut off before it finished.');
  }
  return notes.join(' ');
}

/** A step's first line without its list or heading marker, for a one-line outline entry. */
function stepTitle(text: string): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.replace(/^(?:#{1,6}\s+|\d{1,3}[.)]\s+|[-*•+]\s+)/, '').replace(/\*\*/g, '').slice(0, 200);
}

function formatSeconds(s: number): string {
  return formatElapsed(Math.max(0, s) * 1000);
}

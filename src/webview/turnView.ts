// One chat turn: the user's prompt, the model's reasoning and answer, and a footer with
// status, metrics and actions. Deltas touch only the reasoning and the answer's tail;
// the footer is rebuilt on turnUpdate and on the host's once-a-second tick.
import type { ReasoningDisplay, ReasoningStepState, TurnMetrics, TurnState } from '../protocol';
import { decorateCodeBlocks } from './codeBlocks';
import { metricParts } from './format';
import { MarkdownView } from './markdownView';
import { PromptView } from './promptView';
import { ReasoningView } from './reasoningView';
import type { HostClock } from './timer';

export interface TurnContext {
  clock: HostClock;
  display: ReasoningDisplay;
  onResend(id: string, prompt: string): void;
}

export class TurnView {
  readonly element: HTMLElement;
  private readonly prompt: PromptView;
  private readonly reasoning: ReasoningView;
  private readonly content: MarkdownView;
  private readonly footer: HTMLElement;
  private turn: TurnState;

  constructor(turn: TurnState, ctx: TurnContext) {
    this.turn = { ...turn, reasoning: '', content: '' };
    this.element = document.createElement('article');
    this.element.className = 'turn';
    this.element.dataset.turn = turn.id;

    this.prompt = new PromptView(turn, (text) => ctx.onResend(turn.id, text));
    this.reasoning = new ReasoningView(ctx.clock);
    this.reasoning.setDisplay(ctx.display);
    this.content = new MarkdownView({ className: 'turn-content', role: 'content', decorate: decorateCodeBlocks });
    this.footer = document.createElement('div');
    this.footer.className = 'turn-footer';

    const answer = document.createElement('div');
    answer.className = 'turn-answer';
    answer.append(modelLabel(turn), this.reasoning.element, this.content.element, this.footer);
    this.element.append(this.prompt.element, answer);

    for (const step of turn.steps ?? []) this.reasoning.addStep(step);
    this.refresh();
  }

  get id(): string {
    return this.turn.id;
  }

  get state(): TurnState['state'] {
    return this.turn.state;
  }

  get phase(): TurnState['phase'] {
    return this.turn.phase;
  }

  get hasContent(): boolean {
    return this.turn.content.length > 0;
  }

  appendDelta(reasoning: string | undefined, content: string | undefined): void {
    if (reasoning) {
      this.turn.reasoning += reasoning;
      this.reasoning.append(reasoning);
    }
    if (content) {
      this.turn.content += content;
      this.content.append(content);
    }
    // The first text ends the "waiting" status; later deltas leave the footer alone.
    if (this.footer.querySelector('.turn-waiting')) this.refresh();
    else this.reasoning.sync(this.turn);
  }

  applyPatch(patch: Partial<TurnState>): void {
    const { reasoning, content, id: _id, steps, ...rest } = patch;
    Object.assign(this.turn, rest);
    // The new state shows even if the text update fails: a turn left "streaming"
    // would keep the composer on Stop.
    try {
      if (reasoning !== undefined && reasoning !== this.turn.reasoning) {
        if (reasoning.startsWith(this.turn.reasoning)) this.reasoning.append(reasoning.slice(this.turn.reasoning.length));
        else this.reasoning.reset(reasoning);
        this.turn.reasoning = reasoning;
      }
      if (content !== undefined && content !== this.turn.content) {
        if (content.startsWith(this.turn.content)) this.content.append(content.slice(this.turn.content.length));
        else this.content.reset(content);
        this.turn.content = content;
      }
      for (const step of steps ?? []) this.reasoning.addStep(step);
    } finally {
      this.refresh();
    }
  }

  /** The host's once-a-second clock and live metrics. */
  tick(elapsedSec: number, metrics: TurnMetrics | undefined): void {
    this.turn.elapsedSec = elapsedSec;
    this.reasoning.setElapsed(elapsedSec);
    if (metrics) {
      this.turn.metrics = metrics;
      this.refreshFooter();
    }
  }

  addStep(step: ReasoningStepState): void {
    this.reasoning.addStep(step);
  }

  setDisplay(display: ReasoningDisplay): void {
    this.reasoning.setDisplay(display);
  }

  /** Feeds text already known (a snapshot) in slices, so a long turn is drawn over several frames. */
  *load(turn: TurnState, sliceChars: number): Generator<void> {
    for (let i = 0; i < turn.reasoning.length; i += sliceChars) {
      this.appendDelta(turn.reasoning.slice(i, i + sliceChars), undefined);
      yield;
    }
    for (let i = 0; i < turn.content.length; i += sliceChars) {
      this.appendDelta(undefined, turn.content.slice(i, i + sliceChars));
      yield;
    }
    this.refresh();
  }

  dispose(): void {
    this.reasoning.dispose();
  }

  private refresh(): void {
    const { state } = this.turn;
    this.element.dataset.state = state;
    this.reasoning.sync(this.turn);
    this.prompt.setEditable(state !== 'streaming');
    this.refreshFooter();
  }

  private refreshFooter(): void {
    this.footer.replaceChildren(...footerParts(this.turn));
    this.footer.hidden = this.footer.childElementCount === 0;
  }
}

function modelLabel(turn: TurnState): HTMLElement {
  const label = document.createElement('div');
  label.className = 'turn-model';
  label.textContent = [turn.provider, turn.model].filter(Boolean).join(' · ');
  return label;
}

function footerParts(turn: TurnState): HTMLElement[] {
  const parts: HTMLElement[] = [];
  if (turn.state === 'streaming' && (turn.phase === 'waiting' || turn.phase === undefined) && !turn.content && !turn.reasoning) {
    parts.push(span('turn-status turn-waiting', 'Waiting for the model…'));
  }
  if (turn.state === 'cancelled') parts.push(span('turn-status', 'Cancelled'));
  if (turn.state === 'error') {
    const status = span('turn-status turn-error', turn.error ? `Error: ${turn.error}` : 'Error');
    status.setAttribute('role', 'alert');
    parts.push(status);
  }
  if (turn.notice) parts.push(span('turn-notice', turn.notice));
  const metrics = metricParts(turn.metrics);
  if (metrics.length > 0) {
    const line = span(turn.state === 'streaming' ? 'turn-metrics live' : 'turn-metrics', '');
    for (const m of metrics) {
      const item = span('metric', m.text);
      item.title = m.title;
      line.append(item);
    }
    parts.push(line);
  }
  if (turn.state !== 'streaming') {
    const actions = span('turn-actions', '');
    if (turn.content) actions.append(button('turn-copy secondary', 'copyAnswer', 'Copy answer', 'Copy the whole answer'));
    actions.append(button('turn-retry secondary', 'retry', 'Retry', 'Retry this question'));
    parts.push(actions);
  }
  return parts;
}

function span(className: string, text: string): HTMLElement {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

export function button(className: string, action: string, text: string, label: string): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = className;
  el.dataset.action = action;
  el.textContent = text;
  el.setAttribute('aria-label', label);
  el.title = label;
  return el;
}

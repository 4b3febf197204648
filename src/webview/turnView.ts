// One chat turn: the user's prompt, the model's reasoning and answer, and a footer with
// status and metrics. Deltas touch only the reasoning text and the answer's tail;
// the footer is rebuilt only on turnUpdate, which arrives a handful of times per turn.
import type { ReasoningDisplay, TurnState } from '../protocol';
import { ContentView } from './contentView';
import { metricParts } from './format';
import { ReasoningView } from './reasoningView';
import type { HostClock } from './timer';

export interface TurnContext {
  clock: HostClock;
  display: ReasoningDisplay;
}

export class TurnView {
  readonly element: HTMLElement;
  private readonly reasoning: ReasoningView;
  private readonly content: ContentView;
  private readonly footer: HTMLElement;
  private turn: TurnState;

  constructor(turn: TurnState, ctx: TurnContext) {
    this.turn = { ...turn };
    this.element = document.createElement('article');
    this.element.className = 'turn';
    this.element.dataset.turn = turn.id;

    this.reasoning = new ReasoningView(ctx.clock);
    this.reasoning.setDisplay(ctx.display);
    this.content = new ContentView();
    this.footer = document.createElement('div');
    this.footer.className = 'turn-footer';

    const answer = document.createElement('div');
    answer.className = 'turn-answer';
    answer.append(modelLabel(turn), this.reasoning.element, this.content.element, this.footer);
    this.element.append(promptBlock(turn), answer);

    this.reasoning.append(turn.reasoning);
    this.content.append(turn.content);
    this.refresh();
  }

  get id(): string {
    return this.turn.id;
  }

  get state(): TurnState['state'] {
    return this.turn.state;
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
    const { reasoning, content, id: _id, ...rest } = patch;
    Object.assign(this.turn, rest);
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
    this.refresh();
  }

  setDisplay(display: ReasoningDisplay): void {
    this.reasoning.setDisplay(display);
  }

  dispose(): void {
    this.reasoning.dispose();
  }

  private refresh(): void {
    const { state } = this.turn;
    this.element.dataset.state = state;
    // aria-busy rather than a live region: announcing every token is noise.
    if (state === 'streaming') this.element.setAttribute('aria-busy', 'true');
    else this.element.removeAttribute('aria-busy');
    this.reasoning.sync(this.turn);
    this.footer.replaceChildren(...footerParts(this.turn));
    this.footer.hidden = this.footer.childElementCount === 0;
  }
}

function promptBlock(turn: TurnState): HTMLElement {
  const block = document.createElement('div');
  block.className = 'turn-prompt';
  if (turn.ref) {
    const { file, startLine, endLine } = turn.ref;
    const lines = startLine === endLine ? `${startLine}` : `${startLine}-${endLine}`;
    const ref = button('turn-ref', 'openRef', `${file}:${lines}`, `Open ${file}, line${startLine === endLine ? '' : 's'} ${lines.replace('-', ' to ')}`);
    ref.title = turn.ref.uri;
    block.append(ref);
  }
  const text = document.createElement('div');
  text.className = 'prompt-text';
  text.textContent = turn.prompt;
  block.append(text);
  return block;
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
  if (metrics.length > 0 && turn.state !== 'streaming') {
    const line = span('turn-metrics', '');
    for (const m of metrics) {
      const item = span('metric', m.text);
      item.title = m.title;
      line.append(item);
    }
    parts.push(line);
  }
  if (turn.state === 'error' || turn.state === 'cancelled') parts.push(button('turn-retry', 'retry', 'Retry', 'Retry this question'));
  return parts;
}

function span(className: string, text: string): HTMLElement {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

function button(className: string, action: string, text: string, label: string): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = className;
  el.dataset.action = action;
  el.textContent = text;
  el.setAttribute('aria-label', label);
  return el;
}

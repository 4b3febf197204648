// A polite live region for screen readers: it says when a turn starts thinking, starts
// answering and ends, never per token (announcing every delta is noise).
import type { TurnStatus } from '../protocol';

type Stage = 'waiting' | 'thinking' | 'answering';

export class Announcer {
  readonly element: HTMLElement;
  private readonly stages = new Map<string, Stage>();

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'visually-hidden';
    this.element.setAttribute('role', 'status');
    this.element.setAttribute('aria-live', 'polite');
  }

  turnStarted(id: string): void {
    this.stages.set(id, 'waiting');
  }

  progress(id: string, stage: Stage): void {
    const was = this.stages.get(id);
    if (was === stage || was === 'answering') return;
    this.stages.set(id, stage);
    if (stage === 'thinking') this.say('Thinking');
    else if (stage === 'answering') this.say('Answering');
  }

  finished(id: string, state: TurnStatus): void {
    this.stages.delete(id);
    this.say(state === 'done' ? 'Answer finished' : state === 'cancelled' ? 'Answer cancelled' : 'Answer failed');
  }

  private say(text: string): void {
    this.element.textContent = text;
  }
}

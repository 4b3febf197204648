// The transcript: applies host messages to turn views, keeps the view pinned to the
// bottom only while the user is already there, and routes clicks inside turns.
import type { ChatSettings, HostMessage, TurnState, WebviewMessage } from '../protocol';
import type { Composer } from './composer';
import { FrameQueue } from './frameQueue';
import { HostClock } from './timer';
import { TurnView } from './turnView';

/** Within this many pixels of the bottom counts as "at the bottom". */
const STICK_PX = 48;

export class ChatView {
  readonly element: HTMLElement;
  private readonly emptyState: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly turns = new Map<string, TurnView>();
  private readonly clock = new HostClock();
  private settings: ChatSettings = { reasoningDisplay: 'auto' };
  private hostBusy = false;
  private stickToBottom = true;
  private readonly queue = new FrameQueue((batch) => this.applyBatch(batch));

  constructor(
    private readonly composer: Composer,
    private readonly post: (message: WebviewMessage) => void,
  ) {
    this.element = document.createElement('main');
    this.element.className = 'transcript';
    this.element.setAttribute('aria-label', 'Chat transcript');
    this.emptyState = emptyState();
    this.announcer = document.createElement('div');
    this.announcer.className = 'visually-hidden';
    this.announcer.setAttribute('role', 'status');
    this.element.append(this.emptyState, this.announcer);

    // Passive listener: deciding here means no layout read before each frame's writes.
    this.element.addEventListener('scroll', () => (this.stickToBottom = this.nearBottom()), { passive: true });
    this.element.addEventListener('click', (e) => this.onClick(e));
  }

  receive(message: HostMessage): void {
    // Measured on arrival: a hidden view defers its frames, which would skew the clock.
    if (message.type === 'snapshot') this.clock.sync(message.now);
    this.queue.push(message);
  }

  private applyBatch(messages: HostMessage[]): void {
    for (const message of messages) this.apply(message);
    const hasTurns = this.turns.size > 0;
    if (this.emptyState.hidden !== hasTurns) this.emptyState.hidden = hasTurns;
    this.composer.setBusy(this.hostBusy || [...this.turns.values()].some((t) => t.state === 'streaming'));
    if (this.stickToBottom) this.element.scrollTop = this.element.scrollHeight;
  }

  private apply(message: HostMessage): void {
    switch (message.type) {
      case 'snapshot':
        this.settings = message.settings;
        this.removeAllTurns();
        for (const turn of message.turns) this.addTurn(turn);
        this.hostBusy = message.busy;
        this.stickToBottom = true;
        break;
      case 'turnStart':
        this.addTurn(message.turn);
        this.hostBusy = true;
        this.stickToBottom = true;
        break;
      case 'delta':
        this.turns.get(message.id)?.appendDelta(message.reasoning, message.content);
        break;
      case 'turnUpdate': {
        const view = this.turns.get(message.id);
        if (!view) break;
        const before = view.state;
        view.applyPatch(message.patch);
        if (before === 'streaming' && view.state !== 'streaming') {
          this.hostBusy = false;
          this.announce(view.state);
        }
        break;
      }
      case 'clear':
        this.removeAllTurns();
        this.hostBusy = false;
        break;
      case 'settings':
        this.settings = message.settings;
        for (const view of this.turns.values()) view.setDisplay(message.settings.reasoningDisplay);
        break;
      case 'focusInput':
        this.composer.focus();
        break;
    }
  }

  /** Idempotent: a turn that already exists is replaced, never duplicated. */
  private addTurn(turn: TurnState): void {
    const view = new TurnView(turn, { clock: this.clock, display: this.settings.reasoningDisplay });
    const old = this.turns.get(turn.id);
    if (old) {
      old.dispose();
      old.element.replaceWith(view.element);
    } else {
      this.element.insertBefore(view.element, this.announcer);
    }
    this.turns.set(turn.id, view);
  }

  private removeAllTurns(): void {
    for (const view of this.turns.values()) {
      view.dispose();
      view.element.remove();
    }
    this.turns.clear();
  }

  private announce(state: TurnState['state']): void {
    const text = state === 'done' ? 'Answer finished' : state === 'cancelled' ? 'Answer cancelled' : 'Answer failed';
    this.announcer.textContent = text;
  }

  private nearBottom(): boolean {
    const el = this.element;
    return el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
  }

  private onClick(e: MouseEvent): void {
    const target = e.target instanceof Element ? e.target : null;
    const action = target?.closest<HTMLElement>('[data-action]');
    const turnId = target?.closest<HTMLElement>('[data-turn]')?.dataset.turn;
    if (action && turnId !== undefined) {
      switch (action.dataset.action) {
        case 'retry':
          this.post({ type: 'retry', id: turnId });
          return;
        case 'openRef':
          this.post({ type: 'openRef', id: turnId });
          return;
        case 'copyCode':
          this.copyCode(action);
          return;
      }
    }
    // A link without a safe href (sanitizing removed it) must not navigate the webview.
    const link = target?.closest('a');
    if (link && !link.hasAttribute('href')) e.preventDefault();
  }

  private copyCode(button: HTMLElement): void {
    const text = button.closest('pre')?.querySelector('code')?.textContent ?? '';
    this.post({ type: 'copy', text });
    button.textContent = 'Copied';
    setTimeout(() => (button.textContent = 'Copy'), 1500);
  }
}

function emptyState(): HTMLElement {
  const el = document.createElement('div');
  el.className = 'empty-state';
  const title = document.createElement('p');
  title.className = 'empty-title';
  title.textContent = 'Ask a model about your code';
  const how = document.createElement('p');
  how.append(
    'Type a question below, run ',
    strong('Thinkstream: Ask Model'),
    ', or select code in an editor and run ',
    strong('Thinkstream: Explain Selection'),
    '.',
  );
  const reasoning = document.createElement('p');
  reasoning.textContent = "The model's reasoning streams live in its own block, apart from the answer.";
  el.append(title, how, reasoning);
  return el;
}

function strong(text: string): HTMLElement {
  const el = document.createElement('strong');
  el.textContent = text;
  return el;
}

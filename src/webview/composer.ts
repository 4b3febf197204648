// The input at the bottom of the view: Enter sends, Shift+Enter adds a line, Escape
// (or Stop) cancels while a request runs. The draft survives the view being hidden.
import type { WebviewMessage } from '../protocol';

const MAX_ROWS = 8;

export interface ComposerOptions {
  post(message: WebviewMessage): void;
  draft: string;
  saveDraft(text: string): void;
}

export class Composer {
  readonly element: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly send: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  private busy = false;

  constructor(private readonly opts: ComposerOptions) {
    this.element = document.createElement('div');
    this.element.className = 'composer';

    this.input = document.createElement('textarea');
    this.input.className = 'composer-input';
    this.input.rows = 1;
    this.input.placeholder = 'Ask about your code…';
    this.input.title = 'Enter to send, Shift+Enter for a new line';
    this.input.setAttribute('aria-label', 'Question for the model');
    this.input.value = opts.draft;

    const newChat = makeButton('composer-new secondary', 'New chat', 'Start a new chat');
    this.stop = makeButton('composer-stop secondary', 'Stop', 'Stop the answer (Escape)');
    this.send = makeButton('composer-send', 'Send', 'Send (Enter)');
    const actions = document.createElement('div');
    actions.className = 'composer-actions';
    const spacer = document.createElement('span');
    spacer.className = 'spacer';
    actions.append(newChat, spacer, this.stop, this.send);
    this.element.append(this.input, actions);

    this.input.addEventListener('keydown', (e) => {
      // isComposing: Enter that confirms an IME candidate must not send.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => this.onInput());
    this.send.addEventListener('click', () => this.submit());
    this.stop.addEventListener('click', () => opts.post({ type: 'cancel' }));
    newChat.addEventListener('click', () => opts.post({ type: 'newChat' }));
    this.stop.hidden = true;
    this.onInput();
  }

  setBusy(busy: boolean): void {
    // Called every frame; unchanged state must not write the DOM.
    if (busy === this.busy) return;
    this.busy = busy;
    this.stop.hidden = !busy;
    this.send.hidden = busy;
    this.element.classList.toggle('busy', busy);
  }

  get isBusy(): boolean {
    return this.busy;
  }

  focus(): void {
    this.input.focus();
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (text === '' || this.busy) return;
    this.opts.post({ type: 'send', text });
    this.input.value = '';
    this.onInput();
  }

  private onInput(): void {
    // rows, not style.height: the CSP forbids inline style attributes.
    const lines = this.input.value.split('\n').length;
    this.input.rows = Math.min(MAX_ROWS, Math.max(1, lines));
    this.send.disabled = this.input.value.trim() === '';
    this.opts.saveDraft(this.input.value);
  }
}

function makeButton(className: string, text: string, label: string): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = className;
  el.textContent = text;
  el.title = label;
  el.setAttribute('aria-label', label);
  return el;
}

// The question at the top of a turn, with the code it refers to and an Edit button that
// turns it into a box to change the question and send it again as a new turn.
import type { TurnState } from '../protocol';

export class PromptView {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private readonly edit: HTMLButtonElement;
  private editor: HTMLElement | null = null;

  constructor(
    private readonly turn: TurnState,
    private readonly resend: (prompt: string) => void,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'turn-prompt';
    if (turn.ref) this.element.append(refButton(turn.ref));
    this.text = document.createElement('div');
    this.text.className = 'prompt-text';
    this.text.textContent = turn.prompt;
    this.edit = document.createElement('button');
    this.edit.type = 'button';
    this.edit.className = 'prompt-edit secondary';
    this.edit.dataset.action = 'editPrompt';
    this.edit.textContent = 'Edit';
    this.edit.title = 'Edit this question and send it again';
    this.edit.setAttribute('aria-label', 'Edit this question and send it again');
    this.edit.addEventListener('click', () => this.openEditor());
    this.element.append(this.text, this.edit);
  }

  setEditable(editable: boolean): void {
    if (this.edit.hidden === editable) this.edit.hidden = !editable;
  }

  private openEditor(): void {
    if (this.editor) return;
    const box = document.createElement('textarea');
    box.className = 'prompt-editor';
    box.value = this.turn.prompt;
    box.rows = Math.min(8, Math.max(2, this.turn.prompt.split('\n').length));
    box.setAttribute('aria-label', 'Edited question');
    const send = document.createElement('button');
    send.type = 'button';
    send.textContent = 'Send';
    send.title = 'Send the edited question (Enter)';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'secondary';
    cancel.textContent = 'Cancel';
    cancel.title = 'Keep the question as it was (Escape)';
    const actions = document.createElement('div');
    actions.className = 'prompt-editor-actions';
    actions.append(cancel, send);
    const editor = document.createElement('div');
    editor.className = 'prompt-editing';
    editor.append(box, actions);
    this.editor = editor;
    this.text.hidden = true;
    this.edit.hidden = true;
    this.element.append(editor);

    const submit = (): void => {
      const prompt = box.value.trim();
      if (!prompt) return;
      this.closeEditor();
      this.resend(prompt);
    };
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        submit();
      } else if (e.key === 'Escape') {
        // Escape here closes the editor; it must not also cancel a running request.
        e.preventDefault();
        e.stopPropagation();
        this.closeEditor();
      }
    });
    send.addEventListener('click', submit);
    cancel.addEventListener('click', () => this.closeEditor());
    box.focus();
  }

  private closeEditor(): void {
    this.editor?.remove();
    this.editor = null;
    this.text.hidden = false;
    this.edit.hidden = false;
  }
}

function refButton(ref: NonNullable<TurnState['ref']>): HTMLButtonElement {
  const { file, startLine, endLine } = ref;
  const lines = startLine === endLine ? `${startLine}` : `${startLine}-${endLine}`;
  const el = document.createElement('button');
  el.type = 'button';
  el.className = 'turn-ref';
  el.dataset.action = 'openRef';
  el.textContent = `${file}:${lines}`;
  el.setAttribute('aria-label', `Open ${file}, line${startLine === endLine ? '' : 's'} ${lines.replace('-', ' to ')}`);
  el.title = ref.uri;
  return el;
}

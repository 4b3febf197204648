// Ask Model. An optional prompt argument skips the input box, for keybindings with
// args and for tests, which must never wait on UI.
import * as vscode from 'vscode';
import type { TurnState } from '../../protocol';
import { captureSelection, withSelection } from '../editorSelection';
import type { CommandDeps } from './deps';

export function registerAsk(d: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand('thinkstream.ask', async (prompt?: unknown): Promise<TurnState | undefined> => {
    const selected = d.settings.includeSelectionInAsk() ? captureSelection(vscode.window.activeTextEditor) : undefined;
    let question = typeof prompt === 'string' ? prompt : undefined;
    if (question === undefined) {
      const { provider } = d.settings.activeProvider();
      question = await vscode.window.showInputBox({
        title: `Ask ${provider.model}`,
        prompt: selected ? `The selection (${selected.ref.file}:${selected.ref.startLine}-${selected.ref.endLine}) goes along as context.` : undefined,
        placeHolder: 'Ask a question',
        ignoreFocusOut: true,
      });
    }
    question = question?.trim();
    if (!question) return undefined;
    d.chatView.reveal();
    return d.controller.ask({
      kind: 'Ask',
      prompt: question,
      message: selected ? withSelection(question, selected) : question,
      ref: selected?.ref,
    });
  });
}

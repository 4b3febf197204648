// Ask Model. Any installed extension can run a command with any arguments, so a
// prompt argument only fills the input box: a person still presses Enter before
// anything is sent, and the command gives nothing of the answer back to its caller.
import * as vscode from 'vscode';
import { captureSelection, withSelection } from '../editorSelection';
import type { CommandDeps } from './deps';
import { promptArgument } from './arguments';
import { plainText } from '../plainText';

export function registerAsk(d: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand('thinkstream.ask', async (prompt?: unknown): Promise<void> => {
    const selected = d.settings.includeSelectionInAsk() ? captureSelection(vscode.window.activeTextEditor) : undefined;
    const { provider } = d.settings.activeProvider();
    const typed = await vscode.window.showInputBox({
      title: `Ask ${plainText(provider.model)}`,
      prompt: selected ? `The selection (${selected.ref.file}:${selected.ref.startLine}-${selected.ref.endLine}) goes along as context.` : undefined,
      placeHolder: 'Ask a question',
      value: promptArgument(prompt),
      ignoreFocusOut: true,
    });
    const question = typed?.trim();
    if (!question) return;
    d.chatView.reveal();
    await d.controller.ask({
      kind: 'Ask',
      prompt: question,
      message: selected ? withSelection(question, selected) : question,
      ref: selected?.ref,
    });
  });
}

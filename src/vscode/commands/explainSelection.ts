// Explain Selection: takes no arguments; it acts on the user's own selection and
// gives nothing of the answer back to its caller.
import * as vscode from 'vscode';
import { captureSelection, fillTemplate } from '../editorSelection';
import type { CommandDeps } from './deps';

export function registerExplainSelection(d: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand('thinkstream.explainSelection', async (): Promise<void> => {
    const selected = captureSelection(vscode.window.activeTextEditor);
    if (!selected) {
      void vscode.window.showInformationMessage('Select some code to explain first.');
      return;
    }
    d.chatView.reveal();
    const { file, startLine, endLine } = selected.ref;
    await d.controller.ask({
      kind: 'Explain',
      prompt: `Explain ${file}:${startLine === endLine ? startLine : `${startLine}-${endLine}`}`,
      message: fillTemplate(d.settings.explainTemplate(), selected),
      ref: selected.ref,
    });
  });
}

import * as vscode from 'vscode';
import type { TurnState } from '../../protocol';
import { captureSelection, fillTemplate } from '../editorSelection';
import type { CommandDeps } from './deps';

export function registerExplainSelection(d: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand('thinkstream.explainSelection', async (): Promise<TurnState | undefined> => {
    const selected = captureSelection(vscode.window.activeTextEditor);
    if (!selected) {
      void vscode.window.showInformationMessage('Select some code to explain first.');
      return undefined;
    }
    d.chatView.reveal();
    const { file, startLine, endLine } = selected.ref;
    return d.controller.ask({
      kind: 'Explain',
      prompt: `Explain ${file}:${startLine === endLine ? startLine : `${startLine}-${endLine}`}`,
      message: fillTemplate(d.settings.explainTemplate(), selected),
      ref: selected.ref,
    });
  });
}

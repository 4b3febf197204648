// Every command, registered once; the small ones are written inline.
import * as vscode from 'vscode';
import { registerApiKeyCommands } from './apiKeys';
import { registerAsk } from './ask';
import type { CommandDeps } from './deps';
import { registerExplainSelection } from './explainSelection';
import { registerSelectModel } from './selectModel';
import { registerShowHistory } from './showHistory';

export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  return [
    registerAsk(d),
    registerExplainSelection(d),
    registerSelectModel(d),
    registerShowHistory(d),
    ...registerApiKeyCommands(d),
    vscode.commands.registerCommand('thinkstream.cancel', () => d.controller.cancel()),
    vscode.commands.registerCommand('thinkstream.newChat', async () => {
      await d.controller.newChat();
      d.chatView.reveal();
    }),
    vscode.commands.registerCommand('thinkstream.showOutput', () => d.transcript.show()),
    vscode.commands.registerCommand('thinkstream.openChatInEditor', () => d.chatPanel.open()),
  ];
}

// Show History: the earlier conversations of this workspace in a quick pick, to reopen
// one or delete it. Titles are the user's own questions, shown as plain text.
import * as vscode from 'vscode';
import type { ConversationSummary } from '../history/historyIndex';
import type { CommandDeps } from './deps';
import { plainText } from '../plainText';

interface ConversationItem extends vscode.QuickPickItem {
  id: string;
}

const DELETE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Delete this conversation' };

export function registerShowHistory(d: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand('thinkstream.showHistory', () => showHistory(d));
}

async function showHistory(d: CommandDeps): Promise<void> {
  const pick = vscode.window.createQuickPick<ConversationItem>();
  pick.title = 'Thinkstream: Conversations in this workspace';
  pick.placeholder = 'Pick a conversation to reopen it; the trash button deletes it';
  pick.matchOnDescription = true;
  const refresh = () => {
    const current = d.store.conversationId;
    pick.items = d.store.list().map((c) => item(c, c.id === current));
    if (pick.items.length === 0) pick.placeholder = 'No saved conversations yet';
  };
  refresh();
  const done = new Promise<void>((resolve) => {
    pick.onDidTriggerItemButton(async ({ item }) => {
      await d.controller.deleteConversation(item.id);
      refresh();
    });
    pick.onDidAccept(async () => {
      const chosen = pick.selectedItems[0];
      pick.hide();
      if (!chosen) return;
      d.chatView.reveal();
      if (!(await d.controller.openConversation(chosen.id))) {
        void vscode.window.showWarningMessage('That conversation could not be read from disk; it was removed from the history.');
      }
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve();
    });
  });
  pick.show();
  await done;
}

function item(c: ConversationSummary, current: boolean): ConversationItem {
  const when = new Date(c.updatedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const turns = `${c.turnCount} turn${c.turnCount === 1 ? '' : 's'}`;
  return {
    id: c.id,
    label: plain(c.title) || '(empty question)',
    description: `${when} · ${turns}${current ? ' · open now' : ''}`,
    buttons: [DELETE],
  };
}

/** Quick picks turn `$(name)` into icons; the question's text stays as typed. */
export function plain(text: string): string {
  return plainText(text);
}

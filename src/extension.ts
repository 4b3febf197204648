// Composition root: builds the VS Code layer around the core and registers it.
import * as vscode from 'vscode';
import { ChatController } from './vscode/chatController';
import { ChatPanel } from './vscode/chatPanel';
import { ChatViewProvider } from './vscode/chatViewProvider';
import { LastTextEditor } from './vscode/codeActions';
import { registerCommands } from './vscode/commands/register';
import { ConversationFiles } from './vscode/history/conversationFiles';
import { SecretKeys } from './vscode/secretKeys';
import { SECTION, Settings } from './vscode/settings';
import { StatusBarController } from './vscode/statusBarController';
import { exportsFor, type ThinkstreamApi } from './vscode/testApi';
import { TranscriptChannel } from './vscode/transcriptChannel';
import { TurnStore } from './vscode/turnStore';
import { handleWebviewMessage } from './vscode/webviewMessages';
import { WebviewHub } from './vscode/webviewHub';

export async function activate(context: vscode.ExtensionContext): Promise<ThinkstreamApi | undefined> {
  const settings = new Settings();
  const log = vscode.window.createOutputChannel('Thinkstream Log', { log: true });
  const transcriptChannel = vscode.window.createOutputChannel('Thinkstream');
  const transcript = new TranscriptChannel(transcriptChannel, () => settings.mirror());
  const keys = new SecretKeys(context.secrets);
  // Per workspace when a folder is open; an empty window keeps its chats with the extension's global data.
  const storage = vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'conversations');
  const store = new TurnStore(context.workspaceState, new ConversationFiles(storage));
  const status = new StatusBarController();
  const editors = new LastTextEditor();
  context.subscriptions.push(log, transcriptChannel, status, editors);
  try {
    await store.load();
  } catch (err) {
    log.error(`Could not read the saved conversations: ${err instanceof Error ? err.message : String(err)}`);
  }
  transcript.restore(store.allRecords());

  // The hub and the controller need each other; the handler reads the controller lazily.
  let controller: ChatController | undefined;
  const hub = new WebviewHub(
    (message, from) => handleWebviewMessage(message, from, { controller: controller!, store, hub, log, editors }),
    log,
  );
  controller = new ChatController({ settings, keys, store, hub, transcript, status, log });
  const chatView = new ChatViewProvider(context.extensionUri, hub);
  const chatPanel = new ChatPanel(context.extensionUri, hub);

  context.subscriptions.push(
    hub,
    controller,
    chatPanel,
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewId, chatView),
    vscode.window.registerWebviewPanelSerializer(ChatPanel.viewType, chatPanel),
    ...registerCommands({ controller, settings, keys, chatView, chatPanel, transcript, store, log }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (e.affectsConfiguration(`${SECTION}.outputChannel.mirror`) && settings.mirror() === 'off') transcript.clear();
      if (e.affectsConfiguration(`${SECTION}.reasoningDisplay`)) {
        hub.post({ type: 'settings', settings: { reasoningDisplay: settings.reasoningDisplay() } });
      }
      controller?.refreshIdleStatus();
      reportProviderProblems(settings, log);
    }),
  );
  void vscode.commands.executeCommand('setContext', 'thinkstream.busy', false);
  controller.refreshIdleStatus();
  reportProviderProblems(settings, log);
  const logsDir = vscode.Uri.joinPath(context.logUri, '..').fsPath;
  return exportsFor(context.extensionMode, { controller, store, transcript, status, keys, hub, editors, logsDir });
}

function reportProviderProblems(settings: Settings, log: vscode.LogOutputChannel): void {
  for (const problem of settings.catalog().problems) log.warn(`Skipped ${problem}`);
}

export function deactivate(): void {}

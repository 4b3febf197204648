import type * as vscode from 'vscode';
import type { ChatController } from '../chatController';
import type { ChatPanel } from '../chatPanel';
import type { ChatViewProvider } from '../chatViewProvider';
import type { SecretKeys } from '../secretKeys';
import type { Settings } from '../settings';
import type { TranscriptChannel } from '../transcriptChannel';
import type { TurnStore } from '../turnStore';

export interface CommandDeps {
  controller: ChatController;
  settings: Settings;
  keys: SecretKeys;
  chatView: ChatViewProvider;
  chatPanel: ChatPanel;
  transcript: TranscriptChannel;
  store: TurnStore;
  log: vscode.LogOutputChannel;
}

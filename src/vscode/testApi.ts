// What activate() returns, and only when VS Code runs the extension for its own
// tests (ExtensionMode.Test). Any installed extension can read another's exports,
// so a normal install returns nothing: no key store, no way to ask, no turns.
// Even here a key can be written, checked for or removed, never read back.
import * as vscode from 'vscode';
import type { HostMessage, TurnState } from '../protocol';
import type { ChatController } from './chatController';
import type { LastTextEditor } from './codeActions';
import type { ConversationSummary } from './history/historyIndex';
import type { KeyTarget, SecretKeys } from './secretKeys';
import type { StatusBarController } from './statusBarController';
import type { TranscriptChannel } from './transcriptChannel';
import type { TurnStore } from './turnStore';
import type { WebviewHub } from './webviewHub';

/** Write-only access to the key store: tests prove where a key goes by what the server receives. */
export interface TestKeys {
  store(target: KeyTarget, key: string): Promise<void>;
  has(target: KeyTarget): Promise<boolean>;
  remove(target: KeyTarget): Promise<void>;
}

export interface ThinkstreamTestApi {
  /** Everything the "Thinkstream" output channel was given (the channel itself cannot be read). */
  transcript(): string;
  statusText(): string;
  statusTooltip(): string;
  /** What a screen reader hears for the status-bar item. */
  statusAccessibilityLabel(): string;
  busy(): boolean;
  turns(): TurnState[];
  /** The turns as saved for the next window (what a reload would show). */
  savedTurns(): Promise<TurnState[]>;
  /** Asks as the chat view's composer would; resolves with the finished turn. */
  ask(prompt: string): Promise<TurnState>;
  cancel(): void;
  newChat(): Promise<void>;
  /** The open conversation's id and every saved one, newest first. */
  conversationId(): string;
  conversations(): ConversationSummary[];
  openConversation(id: string): Promise<boolean>;
  deleteConversation(id: string): Promise<void>;
  /** Where conversation files are written. */
  conversationFolder(): vscode.Uri;
  /** The text editor Insert at Cursor would use. */
  lastTextEditor(): vscode.TextEditor | undefined;
  /** Sees every message the host posts to the chat views; returns the way to stop. */
  watchPosts(listener: (message: HostMessage) => void): () => void;
  /** Handles a message as if a chat view had posted it (validation included). */
  receive(message: unknown): void;
  /** How many chat surfaces (side bar, editor tabs) are receiving messages. */
  attachedViews(): number;
  keys: TestKeys;
  /** This window's extension-host log folder (output channels included), to prove what was never written. */
  logsDir: string;
}

export interface ThinkstreamApi {
  _test: ThinkstreamTestApi;
}

export interface TestApiParts {
  controller: ChatController;
  store: TurnStore;
  transcript: TranscriptChannel;
  status: StatusBarController;
  keys: SecretKeys;
  hub: WebviewHub;
  editors: LastTextEditor;
  logsDir: string;
}

export function exportsFor(mode: vscode.ExtensionMode, parts: TestApiParts): ThinkstreamApi | undefined {
  return mode === vscode.ExtensionMode.Test ? makeTestApi(parts) : undefined;
}

function makeTestApi(parts: TestApiParts): ThinkstreamApi {
  const { controller, store, transcript, status, keys, hub, editors, logsDir } = parts;
  return {
    _test: Object.freeze({
      transcript: () => transcript.text(),
      statusText: () => status.text,
      statusTooltip: () => status.tooltip,
      statusAccessibilityLabel: () => status.accessibilityLabel,
      busy: () => controller.busy,
      turns: () => structuredClone(store.turns()),
      savedTurns: async () => structuredClone(await store.saved()),
      ask: (prompt: string) => controller.ask({ kind: 'Ask', prompt, message: prompt }),
      cancel: () => controller.cancel(),
      newChat: () => controller.newChat(),
      conversationId: () => store.conversationId,
      conversations: () => store.list(),
      openConversation: (id: string) => controller.openConversation(id),
      deleteConversation: (id: string) => controller.deleteConversation(id),
      conversationFolder: () => store.folder,
      lastTextEditor: () => editors.current,
      watchPosts: (listener: (message: HostMessage) => void) => hub.watch(listener),
      receive: (message: unknown) => hub.receive(message, undefined),
      attachedViews: () => hub.size,
      logsDir,
      keys: Object.freeze({
        store: (target: KeyTarget, key: string) => keys.set(target, key),
        has: (target: KeyTarget) => keys.has(target),
        remove: (target: KeyTarget) => keys.delete(target),
      }),
    }),
  };
}

// What activate() returns. Only the extension-host tests use it; it reads state and
// asks questions without any input box, and never exposes a key.
import type { TurnState } from '../protocol';
import type { ChatController } from './chatController';
import type { SecretKeys } from './secretKeys';
import type { StatusBarController } from './statusBarController';
import type { TranscriptChannel } from './transcriptChannel';
import type { TurnStore } from './turnStore';
import type { WebviewHub } from './webviewHub';

export interface ThinkstreamTestApi {
  /** Everything the "Thinkstream" output channel was given (the channel itself cannot be read). */
  transcript(): string;
  statusText(): string;
  statusTooltip(): string;
  busy(): boolean;
  turns(): TurnState[];
  /** Asks as the chat view's composer would; resolves with the finished turn. */
  ask(prompt: string): Promise<TurnState>;
  cancel(): void;
  newChat(): Promise<void>;
  /** Handles a message as if a chat view had posted it (validation included). */
  receive(message: unknown): void;
  /** How many chat surfaces (side bar, editor tabs) are receiving messages. */
  attachedViews(): number;
  /** The extension's own key store, for round-trip tests. */
  secretKeys: SecretKeys;
}

export interface ThinkstreamApi {
  _test: ThinkstreamTestApi;
}

export function makeTestApi(parts: {
  controller: ChatController;
  store: TurnStore;
  transcript: TranscriptChannel;
  status: StatusBarController;
  keys: SecretKeys;
  hub: WebviewHub;
}): ThinkstreamApi {
  const { controller, store, transcript, status, keys, hub } = parts;
  return {
    _test: {
      transcript: () => transcript.text(),
      statusText: () => status.text,
      statusTooltip: () => status.tooltip,
      busy: () => controller.busy,
      turns: () => structuredClone(store.turns()),
      ask: (prompt) => controller.ask({ kind: 'Ask', prompt, message: prompt }),
      cancel: () => controller.cancel(),
      newChat: () => controller.newChat(),
      receive: (message) => hub.receive(message, undefined),
      attachedViews: () => hub.size,
      secretKeys: keys,
    },
  };
}

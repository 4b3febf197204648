// What each message from a chat view does. The webview renders model output, so it
// only ever names turns by id; files to open and text to resend come from the host's own record.
import * as vscode from 'vscode';
import type { WebviewMessage } from '../protocol';
import type { ChatController } from './chatController';
import { openInNewEditor, type LastTextEditor } from './codeActions';
import { revealRef } from './editorSelection';
import type { TurnStore } from './turnStore';
import type { WebviewHub } from './webviewHub';
import { plainText } from './plainText';

export interface WebviewMessageContext {
  controller: ChatController;
  store: TurnStore;
  hub: WebviewHub;
  log: vscode.LogOutputChannel;
  editors: LastTextEditor;
}

export function handleWebviewMessage(message: WebviewMessage, from: vscode.Webview | undefined, c: WebviewMessageContext): void {
  switch (message.type) {
    case 'ready': {
      const snapshot = c.controller.snapshot();
      if (from) c.hub.postTo(from, snapshot);
      else c.hub.post(snapshot);
      return;
    }
    case 'send': {
      const text = message.text.trim();
      if (text) void c.controller.ask({ kind: 'Chat', prompt: text, message: text });
      return;
    }
    case 'cancel':
      c.controller.cancel();
      return;
    case 'retry':
      void c.controller.retry(message.id);
      return;
    case 'openRef': {
      const ref = c.store.get(message.id)?.turn.ref;
      if (!ref) return;
      revealRef(ref).then(undefined, (err: unknown) => {
        c.log.warn(`Could not open ${ref.file}: ${err instanceof Error ? err.message : String(err)}`);
        void vscode.window.showWarningMessage(`Could not open ${ref.file}.`);
      });
      return;
    }
    case 'newChat':
      void c.controller.newChat();
      return;
    case 'copy':
      void vscode.env.clipboard.writeText(message.text);
      return;
    case 'copyAnswer': {
      const content = c.store.get(message.id)?.turn.content;
      if (content !== undefined) void vscode.env.clipboard.writeText(content);
      return;
    }
    case 'insertCode':
      settle(c, 'insert the code', c.editors.insert(message.code));
      return;
    case 'newFileWithCode':
      settle(c, 'open the code in a new editor', openInNewEditor(message.code, message.language, c.editors.current?.viewColumn));
      return;
    case 'editAndResend':
      void c.controller.editAndResend(message.id, message.prompt);
      return;
    case 'showHistory':
      void vscode.commands.executeCommand('thinkstream.showHistory');
      return;
  }
}

/** The button's work runs after the message handler returns; a failure is still said, not swallowed. */
function settle(c: WebviewMessageContext, what: string, work: Promise<unknown>): void {
  work.then(undefined, (err: unknown) => {
    const reason = err instanceof Error ? err.message : String(err);
    c.log.warn(`Could not ${what}: ${reason}`);
    void vscode.window.showWarningMessage(plainText(`Could not ${what}: ${reason}`));
  });
}

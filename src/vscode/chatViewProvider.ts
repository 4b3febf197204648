// The side-bar chat. Its webview may be thrown away while hidden; on coming back it
// posts `ready` and the hub answers with a full snapshot, so nothing is kept in it.
import * as vscode from 'vscode';
import type { WebviewHub } from './webviewHub';
import { chatWebviewOptions, renderChatHtml } from './webviewSetup';

export class ChatViewProvider implements vscode.WebviewViewProvider {
  static readonly viewId = 'thinkstream.chat';
  private view?: vscode.WebviewView;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly hub: WebviewHub,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = chatWebviewOptions(this.extensionUri);
    renderChatHtml(view.webview, this.extensionUri);
    const attachment = this.hub.attach(view.webview);
    view.onDidDispose(() => {
      attachment.dispose();
      if (this.view === view) this.view = undefined;
    });
  }

  /** Brings the chat into sight without taking the keyboard from the editor. */
  reveal(): void {
    if (this.view) {
      this.view.show(true);
      return;
    }
    // Never resolved yet: the view's generated focus command creates it.
    void vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`).then(undefined, () => undefined);
  }
}

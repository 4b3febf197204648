// The same chat in an editor tab, for a wider view. One tab at most: asking again
// brings the existing one forward.
import * as vscode from 'vscode';
import type { WebviewHub } from './webviewHub';
import { chatWebviewOptions, renderChatHtml } from './webviewSetup';

export class ChatPanel implements vscode.Disposable {
  static readonly viewType = 'thinkstream.chatPanel';
  private panel?: vscode.WebviewPanel;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly hub: WebviewHub,
  ) {}

  open(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      ChatPanel.viewType,
      'Thinkstream Chat',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      chatWebviewOptions(this.extensionUri),
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    renderChatHtml(panel.webview, this.extensionUri);
    const attachment = this.hub.attach(panel.webview);
    panel.onDidDispose(() => {
      attachment.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

// The same chat in an editor tab, for a wider view. One tab at most: asking again
// brings the existing one forward. After a window reload VS Code hands the tab back
// through the serializer; it shows the host's open conversation again, so the tab
// keeps no state of its own.
import * as vscode from 'vscode';
import type { WebviewHub } from './webviewHub';
import { chatWebviewOptions, renderChatHtml } from './webviewSetup';

export class ChatPanel implements vscode.Disposable, vscode.WebviewPanelSerializer {
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
    this.adopt(panel);
  }

  /** Called by VS Code for a tab that was open before the reload. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    if (this.panel) {
      // Only one chat tab: a second restored one would show the same conversation twice.
      panel.dispose();
      return;
    }
    // The restored panel keeps its old options; ours may have changed since.
    panel.webview.options = chatWebviewOptions(this.extensionUri);
    this.adopt(panel);
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private adopt(panel: vscode.WebviewPanel): void {
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    renderChatHtml(panel.webview, this.extensionUri);
    const attachment = this.hub.attach(panel.webview);
    panel.onDidDispose(() => {
      attachment.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
  }
}

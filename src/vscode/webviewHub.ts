// Every open chat surface (the side-bar view, editor tabs) shows the same conversation:
// host messages go to all of them, and what any of them sends is checked, then handled once.
import * as vscode from 'vscode';
import { isWebviewMessage, type HostMessage, type WebviewMessage } from '../protocol';

/** `from` is absent only for messages the test API injects. */
export type WebviewMessageHandler = (message: WebviewMessage, from: vscode.Webview | undefined) => void;

export class WebviewHub implements vscode.Disposable {
  private readonly webviews = new Set<vscode.Webview>();
  private readonly watchers = new Set<(message: HostMessage) => void>();

  constructor(
    private readonly handler: WebviewMessageHandler,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The returned disposable detaches the webview; its owner calls it when the view goes. */
  attach(webview: vscode.Webview): vscode.Disposable {
    this.webviews.add(webview);
    const listener = webview.onDidReceiveMessage((message: unknown) => this.receive(message, webview));
    return new vscode.Disposable(() => {
      listener.dispose();
      this.webviews.delete(webview);
    });
  }

  receive(message: unknown, from: vscode.Webview | undefined): void {
    if (!isWebviewMessage(message)) {
      this.log.warn('Ignored a malformed message from the chat view');
      return;
    }
    try {
      this.handler(message, from);
    } catch (err) {
      this.log.error(`Chat view message "${message.type}" failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  post(message: HostMessage): void {
    for (const watcher of this.watchers) watcher(message);
    for (const webview of this.webviews) this.postTo(webview, message);
  }

  /** For the extension-host tests: what every chat view is sent. */
  watch(listener: (message: HostMessage) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  /** A hidden or closing view rejects posts; it will ask for a snapshot when it is back. */
  postTo(webview: vscode.Webview, message: HostMessage): void {
    webview.postMessage(message).then(undefined, () => undefined);
  }

  get size(): number {
    return this.webviews.size;
  }

  dispose(): void {
    this.webviews.clear();
  }
}

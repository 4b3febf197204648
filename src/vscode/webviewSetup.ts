// One HTML shell for both chat surfaces; scripts may load only our own bundle and styles.
import * as vscode from 'vscode';
import { buildWebviewHtml, makeNonce } from './webviewHtml';

export function chatWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function renderChatHtml(webview: vscode.Webview, extensionUri: vscode.Uri): void {
  webview.html = buildWebviewHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'chat.css')).toString(),
    nonce: makeNonce(),
  });
}

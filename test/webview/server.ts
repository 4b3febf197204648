// A loopback server that serves the chat webview the way VS Code would: the page from
// buildWebviewHtml, the bundled script and stylesheet, plus the harness's stand-in for
// the webview host (a separate nonce'd script, since the CSP forbids inline ones).
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildWebviewHtml, makeNonce } from '../../src/vscode/webviewHtml';

export interface HarnessServer {
  origin: string;
  /** Paths requested that the page should never have asked for (e.g. an image from model output). */
  unexpected: string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css' };

export async function startServer(root: string): Promise<HarnessServer> {
  const assets = path.join(root, 'test/webview/assets');
  const files: Record<string, string> = {
    '/dist/webview.js': path.join(root, 'dist/webview.js'),
    '/dist/highlight.js': path.join(root, 'dist/highlight.js'),
    '/media/chat.css': path.join(root, 'media/chat.css'),
    '/harness/fake-vscode.js': path.join(assets, 'fake-vscode.js'),
    '/harness/theme.css': path.join(assets, 'theme.css'),
  };
  const unexpected: string[] = [];
  let origin = '';

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page(origin));
      return;
    }
    const file = files[url.pathname];
    if (!file) {
      unexpected.push(url.pathname);
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    unexpected,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function page(origin: string): string {
  const nonce = makeNonce();
  const html = buildWebviewHtml({
    cspSource: origin,
    scriptUri: `${origin}/dist/webview.js`,
    styleUri: `${origin}/media/chat.css`,
    nonce,
  });
  // VS Code defines theme variables and the fake host exists before the view's script runs.
  return html
    .replace('</head>', `<link rel="stylesheet" href="${origin}/harness/theme.css">\n</head>`)
    .replace('<script nonce=', `<script nonce="${nonce}" src="${origin}/harness/fake-vscode.js"></script>\n<script nonce=`);
}

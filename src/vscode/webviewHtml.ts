// The chat webview's HTML shell. Takes plain strings (no vscode import) so the CSP can
// be unit-tested. The page renders model output, so the policy is as tight as the
// view allows: no inline script or style, no eval, no images, nothing remote.
import { randomBytes } from 'node:crypto';

export interface WebviewHtmlOptions {
  /** webview.cspSource: the origin VS Code serves local resources from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

/** 128 random bits; base64 is a valid CSP nonce alphabet. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  // No img-src or font-src: the view shows no images (answers' images become links)
  // and loads no fonts, so default-src 'none' refuses both. base-uri and form-action
  // do not fall back to default-src, so they are closed by name.
  return [
    `default-src 'none'`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ') + ';';
}

export function buildWebviewHtml(opts: WebviewHtmlOptions): string {
  const csp = contentSecurityPolicy(opts.cspSource, opts.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(opts.styleUri)}">
<title>Thinkstream</title>
</head>
<body>
<div id="app"></div>
<script nonce="${attr(opts.nonce)}" src="${attr(opts.scriptUri)}"></script>
</body>
</html>`;
}

function attr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

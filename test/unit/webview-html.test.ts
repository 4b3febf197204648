import { strict as assert } from 'node:assert';
import { buildWebviewHtml, contentSecurityPolicy, makeNonce } from '../../src/vscode/webviewHtml';

const opts = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/chat.css',
  nonce: 'abc123XYZ+/=',
};

function cspOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'the page has a CSP meta tag');
  return match[1];
}

describe('webview HTML and CSP', () => {
  const html = buildWebviewHtml(opts);
  const csp = cspOf(html);

  it("starts from default-src 'none'", () => {
    assert.match(csp, /^default-src 'none';/);
  });

  it('allows no inline code, eval or remote content', () => {
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|unsafe-hashes|strict-dynamic|\*|https?:\/\/(?!file\+)/);
    assert.doesNotMatch(csp, /connect-src|frame-src|child-src/);
  });

  it('allows scripts by nonce only, styles from the webview source, and no images, fonts, base or forms', () => {
    assert.equal(
      csp,
      `default-src 'none'; style-src ${opts.cspSource}; script-src 'nonce-${opts.nonce}'; base-uri 'none'; form-action 'none';`,
    );
    assert.doesNotMatch(csp, /img-src|font-src|data:|blob:/);
    assert.equal(csp, contentSecurityPolicy(opts.cspSource, opts.nonce));
  });

  it('puts the nonce on every script tag and has no inline script or style', () => {
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    for (const tag of scripts) {
      assert.ok(tag.includes(`nonce="${opts.nonce}"`), tag);
      assert.ok(tag.includes(`src="${opts.scriptUri}"`), tag);
    }
    assert.doesNotMatch(html, /<script\b[^>]*>[^<]+<\/script>/, 'no inline script body');
    assert.doesNotMatch(html, /<style\b|\sstyle="/, 'no inline style');
    assert.ok(html.includes(`<link rel="stylesheet" href="${opts.styleUri}">`));
  });

  it('escapes attribute values', () => {
    const evil = buildWebviewHtml({ ...opts, scriptUri: 'x"><script>alert(1)</script>' });
    assert.ok(!evil.includes('"><script>alert'));
  });

  it('makes fresh, long nonces', () => {
    const a = makeNonce();
    const b = makeNonce();
    assert.notEqual(a, b);
    assert.ok(a.length >= 22);
    assert.match(a, /^[A-Za-z0-9+/=]+$/);
  });
});

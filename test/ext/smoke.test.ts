import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('extension host', () => {
  it('has Thinkstream installed from the development path', () => {
    const ext = vscode.extensions.getExtension('thinkstream.thinkstream');
    assert.ok(ext, 'thinkstream.thinkstream not found');
    console.log(`VS Code ${vscode.version}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, remote ${vscode.env.remoteName ?? 'none'}`);
  });

  it('opened the sample workspace', () => {
    const expected = process.env.THINKSTREAM_TEST_WORKSPACE;
    assert.ok(expected, 'THINKSTREAM_TEST_WORKSPACE did not reach the extension host');
    assert.equal(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, expected);
  });
});

import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Composition root; filled in by the VS Code layer.
}

export function deactivate(): void {}

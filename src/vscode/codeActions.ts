// What the code-block buttons do in the editor: insert at the cursor of the text
// editor the user last worked in (the chat has focus when the button is pressed, so
// "the active editor" is gone by then), or open the block in a new untitled editor.
import * as vscode from 'vscode';

/** Editors that are not the user's own text: the output panel is a text editor too. */
const NOT_A_FILE = new Set(['output', 'vscode-webview', 'debug']);

/** Fence tags people write, mapped to VS Code's language ids. */
const ALIASES: Record<string, string> = {
  ts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  jsx: 'javascriptreact',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  python3: 'python',
  sh: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  shell: 'shellscript',
  console: 'shellscript',
  yml: 'yaml',
  md: 'markdown',
  rb: 'ruby',
  rs: 'rust',
  golang: 'go',
  'c++': 'cpp',
  cc: 'cpp',
  hpp: 'cpp',
  h: 'c',
  cs: 'csharp',
  'c#': 'csharp',
  kt: 'kotlin',
  ps1: 'powershell',
  pwsh: 'powershell',
  objc: 'objective-c',
  text: 'plaintext',
  txt: 'plaintext',
  plain: 'plaintext',
  patch: 'diff',
  docker: 'dockerfile',
  html5: 'html',
  jsonc: 'jsonc',
};

export class LastTextEditor implements vscode.Disposable {
  private editor?: vscode.TextEditor;
  /** Kept apart: a hidden editor's object is disposed, but its document and selection are still wanted. */
  private document?: vscode.TextDocument;
  private selection?: vscode.Selection;
  private column?: vscode.ViewColumn;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.remember(vscode.window.activeTextEditor);
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor((e) => this.remember(e)),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === this.editor) this.selection = e.selections[0];
      }),
    ];
  }

  /** Inserts `code` in place of the selection as one undoable edit; false when there is no editor to insert into. */
  async insert(code: string): Promise<boolean> {
    const editor = await this.bringBack();
    if (!editor) {
      void vscode.window.showWarningMessage('Insert at Cursor needs a text editor: open a file, put the cursor where the code should go, and try again.');
      return false;
    }
    const target = editor.selection;
    const ok = await editor.edit((b) => b.replace(target, code), { undoStopBefore: true, undoStopAfter: true });
    if (!ok) void vscode.window.showWarningMessage(`Could not insert into ${vscode.workspace.asRelativePath(editor.document.uri)}: the editor refused the edit (is it read-only?).`);
    return ok;
  }

  get current(): vscode.TextEditor | undefined {
    return this.editor;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private remember(editor: vscode.TextEditor | undefined): void {
    if (!editor || NOT_A_FILE.has(editor.document.uri.scheme)) return;
    this.editor = editor;
    this.document = editor.document;
    this.selection = editor.selection;
    this.column = editor.viewColumn;
  }

  /** The remembered editor, shown and focused again with its selection, or undefined if its document is gone. */
  private async bringBack(): Promise<vscode.TextEditor | undefined> {
    const doc = this.document;
    if (!doc || doc.isClosed) return undefined;
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: this.column ?? vscode.ViewColumn.One,
      preserveFocus: false,
      preview: false,
      selection: this.selection,
    });
    this.remember(editor);
    return editor;
  }
}

/** A new untitled editor holding `code`, beside the chat's usual editor column. */
export async function openInNewEditor(code: string, fenceTag: string, column?: vscode.ViewColumn): Promise<vscode.TextEditor> {
  const language = await languageFor(fenceTag);
  const document = await vscode.workspace.openTextDocument({ content: code, language });
  return vscode.window.showTextDocument(document, { viewColumn: column ?? vscode.ViewColumn.One, preview: false });
}

/** A known VS Code language for a fence tag, or plain text: the tag is model output and chooses nothing else. */
export async function languageFor(fenceTag: string): Promise<string> {
  const tag = fenceTag.trim().toLowerCase();
  if (!tag) return 'plaintext';
  const known = new Set(await vscode.languages.getLanguages());
  const wanted = Object.prototype.hasOwnProperty.call(ALIASES, tag) ? ALIASES[tag] : tag;
  return known.has(wanted) ? wanted : 'plaintext';
}

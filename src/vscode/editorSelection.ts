// The code a question is about, and the way back to it from the chat.
import * as vscode from 'vscode';
import type { SelectionRef } from '../protocol';

export interface SelectedCode {
  code: string;
  language: string;
  ref: SelectionRef;
}

export function captureSelection(editor: vscode.TextEditor | undefined): SelectedCode | undefined {
  if (!editor || editor.selection.isEmpty) return undefined;
  const { selection, document } = editor;
  const code = document.getText(selection);
  if (code.trim() === '') return undefined;
  // A selection made by dragging to the start of the next line does not include that line.
  const lastLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  return {
    code,
    language: document.languageId,
    ref: {
      file: vscode.workspace.asRelativePath(document.uri, false),
      startLine: selection.start.line + 1,
      endLine: lastLine + 1,
      uri: document.uri.toString(),
    },
  };
}

/** ${name} placeholders; unknown ones stay as written so a typo is visible in the prompt. */
export function fillTemplate(template: string, selected: SelectedCode): string {
  const values: Record<string, string> = {
    code: selected.code,
    language: selected.language,
    file: selected.ref.file,
    startLine: String(selected.ref.startLine),
    endLine: String(selected.ref.endLine),
  };
  return template.replace(/\$\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A question with the selection attached as context. */
export function withSelection(question: string, selected: SelectedCode): string {
  const { file, startLine, endLine } = selected.ref;
  const fence = selected.code.includes('```') ? '````' : '```';
  return `${question}\n\nContext: ${file}, lines ${startLine}-${endLine}:\n${fence}${selected.language}\n${selected.code}\n${fence}`;
}

/** The code a reference points at, read again from its document (it may have changed since). */
export async function readRef(ref: SelectionRef): Promise<SelectedCode> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri, true));
  const last = Math.max(0, document.lineCount - 1);
  const start = Math.min(Math.max(ref.startLine - 1, 0), last);
  const end = Math.min(Math.max(ref.endLine - 1, start), last);
  const code = document.getText(new vscode.Range(start, 0, end, document.lineAt(end).range.end.character));
  return { code, language: document.languageId, ref };
}

export async function revealRef(ref: SelectionRef): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri, true));
  const last = Math.max(0, document.lineCount - 1);
  const start = Math.min(Math.max(ref.startLine - 1, 0), last);
  const end = Math.min(Math.max(ref.endLine - 1, start), last);
  const range = new vscode.Range(start, 0, end, document.lineAt(end).range.end.character);
  const editor = await vscode.window.showTextDocument(document, {
    selection: range,
    preserveFocus: false,
    viewColumn: vscode.ViewColumn.One,
  });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

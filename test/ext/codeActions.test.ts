// The code-block buttons and the per-turn actions, as the host carries them out:
// messages go through the same validation a real chat view's do.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ThinkstreamTestApi } from '../../src/vscode/testApi';
import { FakeProvider } from '../support/fakeProvider';
import { useFakeProvider } from './fakeProviderHooks';
import { until } from './until';

describe('code and turn actions', function () {
  this.timeout(60_000);
  let fake: FakeProvider;
  let t: ThinkstreamTestApi;
  useFakeProvider((f, api) => {
    fake = f;
    t = api;
  });

  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('inserts code in place of the last active editor\'s selection, as one undoable edit', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: 'const a = 1;\nconst b = 2;\n', language: 'typescript' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 6, 1, 7); // the "b"
    // The chat takes the focus when its button is pressed; the editor must still be the target.
    await vscode.commands.executeCommand('workbench.action.focusSideBar');
    t.receive({ type: 'insertCode', code: 'multi\n  line', language: 'ts' });
    await until('the inserted code', () => doc.getText().includes('multi'));
    assert.equal(doc.getText(), 'const a = 1;\nconst multi\n  line = 2;\n');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), 'const a = 1;\nconst b = 2;\n', 'one undo did not restore the text');
  });

  it('opens code in a new untitled editor in the fence\'s language, and plain text for an unknown one', async () => {
    t.receive({ type: 'newFileWithCode', code: 'def f():\n    return 1\n', language: 'py' });
    const py = await until('a python editor', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.isUntitled && e.document.getText().startsWith('def f()') && e;
    });
    assert.equal(py.document.languageId, 'python');
    t.receive({ type: 'newFileWithCode', code: 'x', language: '../../evil' });
    const plain = await until('a plain-text editor', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.isUntitled && e.document.getText() === 'x' && e;
    });
    assert.equal(plain.document.languageId, 'plaintext');
  });

  it('copies a turn\'s whole answer from the host\'s record', async () => {
    await t.newChat();
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' });
    const turn = await t.ask('Copy me');
    await vscode.env.clipboard.writeText('');
    t.receive({ type: 'copyAnswer', id: turn.id });
    let copied = '';
    for (let i = 0; i < 100 && copied !== 'Hello!'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      copied = await vscode.env.clipboard.readText();
    }
    assert.equal(copied, 'Hello!');
  });

  it('edits and resends a question as a new turn, with the same code attached', async () => {
    await t.newChat();
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'src', 'math.ts'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 2, doc.lineAt(2).text.length);
    fake.enqueue({ fixture: 'openai/deepseek-reasoner.sse' }, { fixture: 'openai/deepseek-reasoner.sse' });
    await vscode.commands.executeCommand('thinkstream.explainSelection');
    const first = await until('the explained turn', () => t.turns()[0]?.state === 'done' && t.turns()[0]);
    const index = fake.requests.length;
    t.receive({ type: 'editAndResend', id: first.id, prompt: 'Is mean() safe on an empty array?' });
    const turn = await until('the edited turn', () => t.turns().length === 2 && t.turns()[1].state === 'done' && t.turns()[1]);
    assert.equal(turn.prompt, 'Is mean() safe on an empty array?');
    const sent: string = fake.requests[index].body.messages.at(-1).content;
    assert.ok(sent.startsWith('Is mean() safe on an empty array?'), sent.slice(0, 80));
    assert.ok(sent.includes('export function mean(values: number[]): number {'), 'the code did not go along');
    assert.equal(t.turns()[0].id, first.id, 'the original turn was not kept');
  });
});

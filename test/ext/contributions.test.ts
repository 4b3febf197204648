// What the manifest promises: commands, the chat view, menus, keys, settings and
// their scopes, and activation only on our own commands and views.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_TIMEOUTS } from '../../src/core/types';

const COMMANDS: Record<string, string> = {
  'thinkstream.ask': 'Ask Model',
  'thinkstream.explainSelection': 'Explain Selection',
  'thinkstream.cancel': 'Cancel Request',
  'thinkstream.newChat': 'New Chat',
  'thinkstream.selectModel': 'Select Model',
  'thinkstream.setApiKey': 'Set API Key',
  'thinkstream.clearApiKey': 'Clear API Key',
  'thinkstream.showOutput': 'Show Output',
  'thinkstream.openChatInEditor': 'Open Chat in Editor',
  'thinkstream.showHistory': 'Show History',
};

function manifest(): any {
  const ext = vscode.extensions.getExtension('thinkstream.thinkstream');
  assert.ok(ext, 'thinkstream.thinkstream is not installed');
  return ext.packageJSON;
}

describe('contributions', () => {
  before(async () => {
    await vscode.extensions.getExtension('thinkstream.thinkstream')!.activate();
  });

  it('registers every command under its id', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of Object.keys(COMMANDS)) assert.ok(all.has(id), `${id} is not registered`);
  });

  it('titles every command in the Thinkstream category', () => {
    const commands: { command: string; title: string; category: string }[] = manifest().contributes.commands;
    for (const [id, title] of Object.entries(COMMANDS)) {
      const c = commands.find((x) => x.command === id);
      assert.ok(c, `${id} is not contributed`);
      assert.equal(c.title, title);
      assert.equal(c.category, 'Thinkstream');
    }
  });

  it('activates only on its own commands and views', () => {
    const events: string[] = manifest().activationEvents ?? [];
    assert.ok(!events.includes('*'));
    assert.ok(!events.includes('onStartupFinished'));
    assert.equal(manifest().main, './dist/extension.js');
  });

  it('puts a Chat webview view in a Thinkstream activity-bar container', () => {
    const c = manifest().contributes;
    const container = c.viewsContainers.activitybar.find((v: any) => v.id === 'thinkstream');
    assert.equal(container.title, 'Thinkstream');
    assert.match(container.icon, /\.svg$/);
    const view = c.views.thinkstream.find((v: any) => v.id === 'thinkstream.chat');
    assert.equal(view.type, 'webview');
    assert.equal(view.name, 'Chat');
  });

  it('offers Explain Selection on selections, Cancel only while busy, and keybindings for both asks', () => {
    const c = manifest().contributes;
    const context = c.menus['editor/context'].find((m: any) => m.command === 'thinkstream.explainSelection');
    assert.equal(context.when, 'editorHasSelection');
    const cancel = c.menus.commandPalette.find((m: any) => m.command === 'thinkstream.cancel');
    assert.equal(cancel.when, 'thinkstream.busy');
    const explainKey = c.keybindings.find((k: any) => k.command === 'thinkstream.explainSelection');
    assert.ok(explainKey.key && explainKey.mac);
    assert.match(explainKey.when, /editorHasSelection/);
    assert.ok(c.keybindings.some((k: any) => k.command === 'thinkstream.ask' && k.key));
  });

  it('offers Show History in the chat view title and restores the editor-tab chat after a reload', () => {
    const c = manifest().contributes;
    assert.ok(c.menus['view/title'].some((m: any) => m.command === 'thinkstream.showHistory' && m.when === 'view == thinkstream.chat'));
    assert.ok((manifest().activationEvents as string[]).includes('onWebviewPanel:thinkstream.chatPanel'));
  });

  it('binds Cancel Request, while a request runs, to a key none of VS Code\'s own bindings use', async () => {
    const cancel = manifest().contributes.keybindings.find((k: any) => k.command === 'thinkstream.cancel');
    assert.ok(cancel, 'Cancel Request has no keybinding');
    assert.equal(cancel.when, 'thinkstream.busy');
    assert.ok(cancel.mac, 'no macOS key');
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc && doc.getText().includes('"command":'), 'the default keybindings did not open');
    const defaults = doc.getText();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // The file also lists extensions' bindings, ours included: only others' count as a clash.
    const boundTo = (wanted: string) =>
      [...defaults.matchAll(/\{[^{}]*?"key":\s*"([^"]+)"[^{}]*?"command":\s*"([^"]+)"[^{}]*\}/g)]
        .filter(([, key, command]) => key === wanted && !command.startsWith('thinkstream.'))
        .map(([, , command]) => command);
    assert.ok(boundTo('ctrl+p').includes('workbench.action.quickOpen'), 'the clash check finds nothing, even for Ctrl+P');
    assert.deepEqual(boundTo(cancel.key), [], `${cancel.key} is already bound by default`);
    assert.ok(defaults.includes(`"command": "thinkstream.cancel"`), 'our own binding is missing from the defaults file');
  });

  it('describes every setting for the Settings UI', () => {
    const props: Record<string, any> = manifest().contributes.configuration.properties;
    for (const [key, schema] of Object.entries(props)) {
      assert.ok(schema.description || schema.markdownDescription, `${key} has no description`);
    }
  });

  it('ships the documented defaults', () => {
    const config = vscode.workspace.getConfiguration('thinkstream');
    const defaults: Record<string, unknown> = {
      activeProvider: 'ollama',
      model: '',
      temperature: null,
      maxTokens: null,
      reasoning: 'default',
      includeSelectionInAsk: true,
      'timeouts.connect': DEFAULT_TIMEOUTS.connectMs,
      'timeouts.firstByte': DEFAULT_TIMEOUTS.firstByteMs,
      'timeouts.idle': DEFAULT_TIMEOUTS.idleMs,
      'timeouts.noData': DEFAULT_TIMEOUTS.noDataMs,
      retries: 2,
      'outputChannel.mirror': 'off',
      reasoningDisplay: 'auto',
    };
    for (const [key, value] of Object.entries(defaults)) {
      assert.deepEqual(config.inspect(key)?.defaultValue, value, `default of thinkstream.${key}`);
    }
    assert.deepEqual(config.inspect('providers')?.defaultValue, []);
    const template = config.inspect<string>('explainTemplate')?.defaultValue ?? '';
    for (const placeholder of ['${code}', '${language}', '${file}', '${startLine}', '${endLine}']) {
      assert.ok(template.includes(placeholder), `explainTemplate lacks ${placeholder}`);
    }
  });

  it('keeps endpoint settings out of workspace reach', async () => {
    const props: Record<string, any> = manifest().contributes.configuration.properties;
    for (const key of ['thinkstream.providers', 'thinkstream.activeProvider']) {
      assert.ok(['application', 'machine'].includes(props[key].scope), `${key} scope is ${props[key].scope}`);
    }
    const kinds = props['thinkstream.providers'].items.properties.kind.enum;
    assert.deepEqual(kinds, ['openai', 'responses', 'anthropic', 'gemini', 'ollama']);
    await assert.rejects(
      Promise.resolve(vscode.workspace.getConfiguration('thinkstream').update('activeProvider', 'elsewhere', vscode.ConfigurationTarget.Workspace)),
    );
  });
});

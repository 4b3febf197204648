// The packaged VSIX as a user installs it (Production mode), next to a hostile
// extension in the same workbench. A canary key is stored through the palette as a
// user would; hostile servers echo it back in answers and errors; then the hostile
// extension tries to get the key, send a request or read a turn, and every surface
// a person or another extension can see is searched for any piece of the key.
// Usage: node out/test/vscode/hostileExtension.js (THINKSTREAM_VSIX=… to test a given VSIX)
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { until } from '../ext/until';
import { FakeProvider } from '../support/fakeProvider';
import { openAiChunk } from '../support/scenarios';
import { launchChromium, openWorkbench, runCommand, screenshot } from './browser';
import { startCodeServer, type RunningCodeServer } from './codeServer';
import { ATTACKER_COMMAND_TITLE, packageAttacker, REDIRECT_COMMAND_TITLE } from './hostile/attackerPackage';
import { ENCODINGS, findLeaks, makeCanary, needlesFor, type Needle } from './hostile/canary';
import { Recorder } from './hostile/recorder';
import { exec } from './install';
import { elapsed, repoRoot } from './paths';
import { createSampleWorkspace } from './sampleWorkspace';
import { askFromPalette, chatFrame, waitForTurnState } from './scenarios/lib/chat';

const ownOutput: string[] = [];
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    ownOutput.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

const tag = () => randomBytes(6).toString('hex');
const canary = makeCanary();
const needles = needlesFor(canary);
/** Conversation text the hostile extension must never get to read. */
const turnText = { prompt: `prompt-${tag()}`, reasoning: `reasoning-${tag()}`, answer: `answer-${tag()}` };

function expectNoLeak(where: string, text: string, extra: Needle[] = []): void {
  const leaks = findLeaks(where, text, [...needles, ...extra]);
  if (leaks.length > 0) throw new Error(`the key leaked:\n${leaks.map((l) => `  ${l.where}: ${l.form} near ${l.context}`).join('\n')}`);
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** An answer that repeats the key in every encoding, once split across two network events. */
function echoingStream(): string {
  const half = Math.floor(canary.length / 2);
  const forms = Object.entries(ENCODINGS).filter(([f]) => f !== 'raw').map(([f, enc]) => `${f}: ${enc(canary)}`).join('\n');
  const wireEscaped = ENCODINGS.jsonEscaped(canary);
  return (
    openAiChunk({ reasoning_content: `${turnText.reasoning} The key is ${canary}, I will repeat it.` }) +
    openAiChunk({ content: `${turnText.answer}\n\nYour key is ${canary}.\n\nSplit: ${canary.slice(0, half)}` }) +
    openAiChunk({ content: `${canary.slice(half)} end.\n\n` }) +
    // Escaped on the wire: the decoded text holds the raw key.
    `data: {"choices":[{"index":0,"delta":{"content":"Decoded: ${wireEscaped}.\\n\\n"}}]}\n\n` +
    openAiChunk({ content: `${forms}\n\nBasic ${Buffer.from(`user:${canary}`).toString('base64')}\n` }) +
    openAiChunk({}, 'stop') +
    'data: [DONE]\n\n'
  );
}

/** A 401 whose message holds the key raw, and JSON-escaped past the point where messages are cut. */
function echoing401(): string {
  const wireEscaped = ENCODINGS.jsonEscaped(canary);
  const message =
    `Incorrect API key provided: ${canary}. ${'Please check the key and try again. '.repeat(8)}` +
    `The request ${wireEscaped} was refused; percent ${ENCODINGS.percent(canary)}; entity ${ENCODINGS.htmlDecimal(canary)}; ` +
    `basic ${Buffer.from(`user:${canary}`).toString('base64')}. [Fix my key](command:workbench.action.files.newUntitledFile)`;
  return `{"error":{"message":"${message}","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`;
}

/** A stream that fails midway with an error object that has no message, only the key. */
function echoingMidstreamError(): string {
  return openAiChunk({ content: 'Partial answer before the failure.' }) + `data: ${JSON.stringify({ error: { code: 'invalid_api_key', param: canary, detail: `key ${canary}` } })}\n\n`;
}

async function packageThinkstream(scratch: string): Promise<string> {
  const vsix = path.join(scratch, 'thinkstream.vsix');
  await exec('npm', ['run', 'package', '--', '--out', vsix], { cwd: repoRoot, env: process.env, log: path.join(scratch, 'package.log') });
  return vsix;
}

interface Context {
  page: Page;
  server: RunningCodeServer;
  fake: FakeProvider;
  attacker: Recorder;
  collector: Recorder;
  userDataDir: string;
}

const checks: { name: string; run: (c: Context) => Promise<void> }[] = [];
const it = (name: string, run: (c: Context) => Promise<void>) => checks.push({ name, run });

it('stores the key through Set API Key, typed into the password box', async ({ page }) => {
  await runCommandOnceRegistered(page, 'Thinkstream: Set API Key');
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Fake' }).first().waitFor({ state: 'visible' });
  await page.keyboard.type('Fake');
  await page.keyboard.press('Enter');
  await widget.locator('.quick-input-title', { hasText: 'API key for Fake' }).waitFor({ state: 'visible' });
  await page.keyboard.type(canary);
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' });
});

it('sends the key to its own server only, with an answer that echoes it', async ({ page, fake }) => {
  fake.enqueue({ body: echoingStream(), headers: { 'content-type': 'text/event-stream' } });
  const before = fake.requests.length;
  await askFromPalette(page, `${turnText.prompt} first`);
  const frame = await chatFrame(page);
  await waitForTurnState(frame, 0, 'done');
  check(fake.requests.length === before + 1, `${fake.requests.length - before} requests reached the provider`);
  check(fake.requests[before].headers.authorization === `Bearer ${canary}`, 'the stored key was not sent as the Bearer token');
  const answer = (await frame.locator('[data-turn] [data-role="content"]').first().textContent()) ?? '';
  check(answer.includes(turnText.answer), 'the answer is not shown');
});

it('ends a turn whose 401 echoes the key', async ({ page, fake }) => {
  fake.enqueue({ status: 401, body: echoing401(), headers: { 'content-type': 'application/json' } });
  await askFromPalette(page, `${turnText.prompt} second`);
  await waitForTurnState(await chatFrame(page), 1, 'error');
});

it('ends a turn whose stream fails with an error that echoes the key', async ({ page, fake }) => {
  fake.enqueue({ body: echoingMidstreamError(), headers: { 'content-type': 'text/event-stream' } });
  await askFromPalette(page, `${turnText.prompt} third`);
  await waitForTurnState(await chatFrame(page), 2, 'error');
  await screenshot(page, 'hostile-chat');
});

it('shows no piece of the key in the chat webview', async ({ page }) => {
  let seen = false;
  for (const frame of page.frames()) {
    const html = await frame.content().catch(() => '');
    const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
    seen ||= text.includes(turnText.answer);
    expectNoLeak(`frame ${frame.url().slice(0, 60)}`, html + '\n' + text);
  }
  check(seen, 'no frame shows the answer: the scan did not reach the chat');
});

it('shows no piece of the key in the notifications', async ({ page }) => {
  await runCommand(page, 'Notifications: Show Notifications');
  const center = page.locator('.notifications-center');
  await center.locator('.notification-list-item').first().waitFor({ state: 'visible' });
  await screenshot(page, 'hostile-notifications');
  const count = await center.locator('.notification-list-item').count();
  check(count >= 2, `${count} notification(s): the key was saved and refused, so there should be two`);
  expectNoLeak('notifications', (await center.innerHTML()) + (await center.innerText()));
  const links = await center.locator('a[href^="command:"], a[data-href^="command:"]').count();
  check(links === 0, `${links} command link(s) in the notifications`);
  await runCommand(page, 'Notifications: Hide Notifications');
});

it('shows no piece of the key in either output channel, on screen or in its file', async ({ page, userDataDir }) => {
  await runCommand(page, 'Thinkstream: Show Output');
  await outputShows(page, turnText.prompt);
  await screenshot(page, 'hostile-output-transcript');
  expectNoLeak('the Thinkstream output channel', await outputText(page));
  await runCommand(page, 'Output: Show Output Channels...');
  await page.keyboard.type('Thinkstream Log');
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^Thinkstream Log$/ }) }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await outputShows(page, 'fake');
  expectNoLeak('the Thinkstream Log output channel', await outputText(page));
  // The screen shows only the lines in view; the files behind the channels hold all of them.
  const transcript = await until('the transcript file to hold the answer', () =>
    listFiles(path.join(userDataDir, 'logs')).find((f) => f.endsWith('Thinkstream.log') && fs.readFileSync(f, 'utf8').includes(turnText.answer)),
  );
  expectNoLeak(path.basename(transcript), fs.readFileSync(transcript, 'latin1'));
});

it('takes the conversation out of the output channel when the mirror is turned off', async ({ page }) => {
  // Through the Settings editor, as a user would; the hostile extension then runs with the default.
  await runCommand(page, 'Preferences: Open Settings (UI)');
  await page.locator('.settings-editor').waitFor({ state: 'visible' });
  await page.waitForTimeout(1000);
  await page.keyboard.type('thinkstream.outputChannel.mirror');
  const select = page.locator('.settings-editor select[aria-label="thinkstream.outputChannel.mirror"]');
  await select.waitFor({ state: 'visible' });
  await select.click();
  await page.locator('.monaco-select-box-dropdown-container .monaco-list-row', { hasText: /^off/ }).first().click();
  await runCommand(page, 'View: Close All Editors');
  // Show Output notes that the mirror is off once the change has reached the extension.
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, 'Thinkstream: Show Output');
    const shown = await outputShows(page, 'The transcript is off', 2000).then(() => true, () => false);
    if (shown) break;
    if (attempt === 8) throw new Error('the output channel never said the transcript is off');
  }
  check(!(await outputText(page)).includes(turnText.prompt), 'the transcript still shows the conversation');
  await runCommand(page, 'View: Hide Panel');
});

it('exports nothing to another extension, before or after activation', async (c) => {
  const report = await probe(c);
  check(report.installed === true, 'the hostile extension did not find Thinkstream installed');
  for (const key of ['exportsBefore', 'activateResult', 'exportsAfter']) {
    check(JSON.stringify(report[key]) === '{"undefined":true}', `${key} is ${JSON.stringify(report[key]).slice(0, 200)}`);
  }
});

it('lets no command send anything to a server another extension names', async (c) => {
  const report = await probe(c);
  const commands = report.commands as string[];
  for (const id of ['thinkstream.ask', 'thinkstream.setApiKey', 'thinkstream.clearApiKey', 'thinkstream.selectModel', 'thinkstream.explainSelection']) {
    check(commands.includes(id), `${id} was not among the commands tried`);
  }
  check((report.attempts as unknown[]).length >= commands.length * 10, 'not every command was tried with every argument');
  check(c.attacker.received.length === 0, `the attacker's server got ${c.attacker.received.length} request(s): ${c.attacker.received.map((r) => `${r.method} ${r.url}`).join(', ')}`);
  check(report.providerRequestsDuringProbe === 0, `the user's provider got ${report.providerRequestsDuringProbe} request(s) caused by the hostile extension`);
});

it('hands another extension neither the key nor any conversation text', async (c) => {
  const report = await probe(c);
  check(!report.probeError, `the probe failed: ${report.probeError}`);
  const conversation = Object.values(turnText).map((t) => ({ form: 'conversation text', text: t }));
  for (const [where, text] of leaves(report)) expectNoLeak(`what the hostile extension got at ${where}`, text, conversation);
});

/** Every string in a report with the path that leads to it, so a failure names what handed the text over. */
function leaves(value: unknown, at = 'report'): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (typeof value !== 'object' || value === null) return [];
  const label = (k: string, v: unknown) => {
    const o = v as { command?: string; args?: string; uri?: string };
    return o && typeof o === 'object' && (o.command || o.uri) ? `${at}.${k}(${[o.command, o.args, o.uri].filter(Boolean).join(' · ')})` : `${at}.${k}`;
  };
  return Object.entries(value).flatMap(([k, v]) => leaves(v, label(k, v)));
}

it('sends no key to a server another extension writes into the user\'s settings', async (c) => {
  const { page, attacker, collector } = c;
  // After the probe, whose check is that the attacker's server stays silent.
  await probe(c);
  await runCommandOnceRegistered(page, REDIRECT_COMMAND_TITLE);
  const report = JSON.parse((await collector.nth(1, 120_000)).body) as Record<string, unknown>;
  check(!report.probeError, `the redirect failed: ${report.probeError}`);
  check(JSON.stringify(report.settings).includes(attacker.url), 'the hostile extension could not rewrite the settings: nothing was tried');
  // The question may go where the settings now say; that it did proves the attempt was real.
  check(attacker.received.length > 0, "the re-pointed provider sent nothing, so the test proved nothing about the key");
  for (const r of attacker.received) expectNoLeak(`a request to the attacker (${r.method} ${r.url})`, JSON.stringify(r));
  check(attacker.received.every((r) => r.headers.authorization === undefined), 'a request to the attacker carried an Authorization header');
  console.log(`    the attacker got ${attacker.received.map((r) => `${r.method} ${r.url}`).join(', ')}, without a key`);
});

it('keeps no piece of the key in globalState, workspaceState or browser storage', async ({ page }) => {
  let dump = '';
  const ours = /ItemTable\/thinkstream\.thinkstream=/;
  for (let attempt = 0; attempt < 5 && !ours.test(dump); attempt++) {
    await flushWorkbenchStorage(page);
    dump = await browserStorage(page);
  }
  check(ours.test(dump), "Thinkstream's workspaceState is not in the browser storage: the scan did not reach it");
  expectNoLeak('browser storage (IndexedDB, localStorage)', dump);
});

it('writes no piece of the key to settings, logs or any file of the user-data dir', async ({ server, userDataDir }) => {
  // Stopping the server flushes its logs; nothing below needs it any more.
  await server.stop();
  const files = listFiles(userDataDir);
  check(files.some((f) => f.endsWith(path.join('User', 'settings.json'))), 'settings.json is missing');
  let logFound = false;
  let conversationFound = false;
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    const text = bytes.toString('latin1');
    if (file.endsWith('Thinkstream Log.log') && text.includes('API key stored for fake')) logFound = true;
    if (file.includes('thinkstream.thinkstream') && text.includes(turnText.answer)) conversationFound = true;
    expectNoLeak(path.relative(userDataDir, file), text + '\n' + bytes.toString('utf16le'));
  }
  check(conversationFound, 'no file in the extension\'s storage holds the saved conversation: the scan did not reach it');
  check(logFound, 'no log file holds the "Thinkstream Log" channel: the scan did not reach it');
});

it("keeps no piece of the key in this test's own output or code-server's", async ({ server }) => {
  expectNoLeak('test output', ownOutput.join(''));
  expectNoLeak('code-server output', server.logs());
});

/**
 * Right after the workbench loads, the palette may not list an installed VSIX's
 * commands yet; a user would close it and look again.
 */
async function runCommandOnceRegistered(page: Page, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runCommand(page, title, 5000);
    } catch (err) {
      if (attempt === 6) throw err;
      await page.keyboard.press('Escape');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function outputShows(page: Page, text: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction((t) => (document.querySelector('.part.panel .monaco-editor .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ').includes(t), text, { timeout });
}

async function outputText(page: Page): Promise<string> {
  return ((await page.locator('.part.panel .monaco-editor .view-lines').first().innerText()) ?? '').replace(/\u00a0/g, ' ');
}

let probed: Promise<Record<string, unknown>> | undefined;
/** Runs the hostile extension once, from the palette, and returns its report. */
function probe(c: Context): Promise<Record<string, unknown>> {
  probed ??= (async () => {
    const before = c.fake.requests.length;
    await runCommandOnceRegistered(c.page, ATTACKER_COMMAND_TITLE);
    const received = await c.collector.nth(0, 240_000);
    const report = JSON.parse(received.body) as Record<string, unknown>;
    report.providerRequestsDuringProbe = c.fake.requests.length - before;
    await screenshot(c.page, 'hostile-after-probe');
    return report;
  })();
  return probed;
}

/** The workbench writes its state (extensions' globalState and workspaceState among it) to IndexedDB when its page is hidden. */
async function flushWorkbenchStorage(page: Page): Promise<void> {
  const other = await page.context().newPage();
  await other.bringToFront();
  await other.waitForTimeout(1000);
  await page.bringToFront();
  await other.close();
  await page.waitForTimeout(500);
}

async function browserStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: string[] = [];
    const done = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const text = (v: unknown): string =>
      typeof v === 'string' ? v : v instanceof Uint8Array || v instanceof ArrayBuffer ? new TextDecoder().decode(v) : JSON.stringify(v);
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await done(indexedDB.open(name));
      for (const store of Array.from(db.objectStoreNames)) {
        const os = db.transaction(store, 'readonly').objectStore(store);
        const [keys, values] = await Promise.all([done(os.getAllKeys()), done(os.getAll())]);
        keys.forEach((k, i) => out.push(`${name}/${store}/${String(k)}=${text(values[i])}`));
      }
      db.close();
    }
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)!;
      out.push(`localStorage/${k}=${localStorage.getItem(k)}`);
    }
    return out.join('\n');
  });
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

async function main(): Promise<number> {
  const started = Date.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'thinkstream-hostile-'));
  const userDataDir = path.join(scratch, 'user-data');
  const workspace = createSampleWorkspace();
  const fake = await FakeProvider.start();
  const attacker = await Recorder.start();
  const collector = await Recorder.start();
  let server: RunningCodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let passed = 0;
  let failed = 0;
  try {
    const vsix = process.env.THINKSTREAM_VSIX ?? (await packageThinkstream(scratch));
    const attackerVsix = await packageAttacker(scratch);
    server = await startCodeServer({
      folder: workspace.folder,
      userDataDir,
      installVsix: [vsix, attackerVsix],
      userSettings: {
        'thinkstream.providers': [{ id: 'fake', label: 'Fake', kind: 'openai', baseUrl: `${fake.url}/v1`, model: 'fake-model', needsKey: true }],
        'thinkstream.activeProvider': 'fake',
        'thinkstream.retries': 0,
        // On for the requests, so its text is searched too; turned off before the hostile extension runs.
        'thinkstream.outputChannel.mirror': 'answerAndReasoning',
      },
      env: { HOSTILE_ATTACK_URL: attacker.url, HOSTILE_REPORT_URL: collector.url },
    });
    browser = await launchChromium();
    await openWorkbench(browser.page, server.url, workspace.folder);
    console.log(`hostile extension: workbench ready after ${elapsed(started)} (Thinkstream from ${process.env.THINKSTREAM_VSIX ? vsix : 'a freshly packaged VSIX'})`);
    const context: Context = { page: browser.page, server, fake, attacker, collector, userDataDir };
    for (const c of checks) {
      const t = Date.now();
      try {
        await c.run(context);
        passed++;
        console.log(`  ✔ ${c.name} (${elapsed(t)})`);
      } catch (err) {
        failed++;
        const shot = await screenshot(browser.page, `fail-hostile-${c.name.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => '');
        console.log(`  ✘ ${c.name} (${elapsed(t)})\n    ${(err as Error).message.split('\n').join('\n    ')}${shot ? `\n    screenshot: ${shot}` : ''}`);
        await browser.page.keyboard.press('Escape').catch(() => undefined);
      }
    }
  } catch (err) {
    failed++;
    console.log(`hostile extension: ${(err as Error).message}`);
    if (server) console.log(`--- code-server log (tail) ---\n${server.logs().trim().split('\n').slice(-30).join('\n')}`);
  } finally {
    await browser?.close();
    await server?.stop();
    await Promise.all([fake.close(), attacker.close(), collector.close()]);
    workspace.remove();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`hostile extension: done in ${elapsed(started)}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`hostile extension: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);

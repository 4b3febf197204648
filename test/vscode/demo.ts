// `npm run demo`: Thinkstream in a real VS Code (code-server) in your browser, talking
// to the fake provider at the pace of a hosted model, with no account, key or network.
// Serves until Ctrl-C. PORT picks the port (default 8090).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeProvider } from '../support/fakeProvider';
import { QUIET_WORKBENCH_SETTINGS } from './codeServer';
import { ensureCodeServer } from './install';
import { elapsed, repoRoot } from './paths';
import { createSampleWorkspace } from './sampleWorkspace';

const HOST = '127.0.0.1';
const DEFAULT_PORT = 8090;

// The helper the fake's DeepSeek transcript talks about, so Explain Selection on it
// gets an answer that fits.
const DEBOUNCE_TS = `export function debounce<T extends (...args: any[]) => void>(fn: T, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: Parameters<T>) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
`;

/** One provider per wire protocol, all served by the fake; any model name it does not know gets its long transcript. */
function providers(fakeUrl: string): object[] {
  return [
    { id: 'deepseek-fake', label: 'DeepSeek (fake)', kind: 'openai', baseUrl: `${fakeUrl}/v1`, model: 'deepseek-r1' },
    { id: 'claude-fake', label: 'Claude (fake)', kind: 'anthropic', baseUrl: fakeUrl, model: 'claude-sonnet-4-5' },
    { id: 'ollama-fake', label: 'Ollama (fake)', kind: 'ollama', baseUrl: fakeUrl, model: 'qwen3:8b' },
  ];
}

function userSettings(fakeUrl: string): object {
  return {
    'thinkstream.providers': providers(fakeUrl),
    'thinkstream.activeProvider': 'deepseek-fake',
    ...QUIET_WORKBENCH_SETTINGS,
  };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT must be a port number, not "${process.env.PORT}"`);
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `node esbuild.mjs` first');
  if (!(await portIsFree(port))) throw new Error(`${HOST}:${port} is in use; choose another with PORT=…`);

  const { node, entry } = await ensureCodeServer();
  // Roughly a hosted model under load: a pause while the prompt is read, then one
  // event every 15–40 ms.
  const fake = await FakeProvider.start({
    defaultPacing: { firstByteDelayMs: 300, firstByteJitterMs: 500, perChunkMs: 15, jitterMs: 25 },
    defaultChunking: { seed: 1, byEvent: true },
  });

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'thinkstream-demo-'));
  const userDataDir = path.join(scratch, 'user-data');
  // A fresh extensions dir: one that already has extensions.json ignores linked folders.
  const extensionsDir = path.join(scratch, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir);
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings(fake.url), null, 2));
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  fs.symlinkSync(repoRoot, path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');

  const workspace = createSampleWorkspace();
  fs.writeFileSync(path.join(workspace.folder, 'src', 'debounce.ts'), DEBOUNCE_TS);

  // Variables from a surrounding VS Code terminal would make the server talk to that VS Code.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VSCODE_')));
  env.EXTENSIONS_GALLERY = '{}';
  const args = [
    entry,
    // Else it reads and writes ~/.config/code-server/config.yaml.
    '--config', path.join(scratch, 'config.yaml'),
    '--auth', 'none',
    '--bind-addr', `${HOST}:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    workspace.folder,
  ];
  // Its own process group, so stopping it reaches the extension host too.
  const child = spawn(node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping…\n');
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* already gone */ }
    const killer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 3000);
    await exited;
    clearTimeout(killer);
    await fake.close();
    workspace.remove();
    fs.rmSync(scratch, { recursive: true, force: true });
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output.slice(-2000)}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('HTTP server listening')) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}) before it was listening:\n${output.slice(-2000)}`));
    });
  }).catch(async (err: unknown) => {
    process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
    await stop(1);
  });
  // Past start-up its output is only noise here; draining it keeps the pipe from filling.
  child.stdout.resume();
  child.stderr.resume();
  child.once('exit', (code) => {
    if (stopping) return;
    process.stderr.write(`demo: code-server exited (${code})\n`);
    void stop(1);
  });

  // Slashes left as they are: the URL is for reading and pasting.
  const url = `http://${HOST}:${port}/?folder=${encodeURIComponent(workspace.folder).replace(/%2F/g, '/')}`;
  const lines = [
    '',
    `  Thinkstream demo ready after ${elapsed(started)}`,
    '',
    `  Open ${url} in your browser`,
    '',
    '  Then: F1 → "Thinkstream: Ask Model", or open src/debounce.ts, select it and',
    '  right-click → "Explain Selection". "Thinkstream: Select Model" switches between',
    `  DeepSeek-, Claude- and Ollama-style providers, all played by the fake at ${fake.url}.`,
    '',
    '  Ctrl-C stops it.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCodeServer, exec } from './install';
import { elapsed } from './paths';

export { ensureCodeServer, type CodeServerInstall } from './install';

export interface StartOptions {
  folder: string;
  userDataDir?: string;
  extensionsDir?: string;
  env?: Record<string, string>;
  userSettings?: object;
  /** VSIX files to install as a user would, before the server starts. */
  installVsix?: string | string[];
  /** Extension folders to symlink into a fresh extensions dir. */
  extensionLinks?: string[];
}

export interface RunningCodeServer {
  url: string;
  port: number;
  userDataDir: string;
  stop(): Promise<void>;
  logs(): string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function linkExtension(extensionsDir: string, folder: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
  const name = `${manifest.publisher}.${manifest.name}-${manifest.version}`;
  fs.symlinkSync(path.resolve(folder), path.join(extensionsDir, name), 'dir');
}

/** A workbench without start pages, tips, update checks or its own AI chat in the way. */
export const QUIET_WORKBENCH_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export async function startCodeServer(opts: StartOptions): Promise<RunningCodeServer> {
  const { node, entry } = await ensureCodeServer();
  const scratch: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    scratch.push(dir);
    return dir;
  };
  const userDataDir = opts.userDataDir ?? tempDir('thinkstream-ud-');
  // A dir that already has extensions.json ignores folders dropped into it, so
  // links go into one that is new.
  const extensionsDir = opts.extensionsDir ?? tempDir('thinkstream-ext-');
  for (const folder of opts.extensionLinks ?? []) linkExtension(extensionsDir, folder);

  const settingsDir = path.join(userDataDir, 'User');
  fs.mkdirSync(settingsDir, { recursive: true });
  const settings = {
    ...QUIET_WORKBENCH_SETTINGS,
    'terminal.integrated.suggest.enabled': false,
    // The DOM renderer keeps terminal text in the page, where tests can read it.
    'terminal.integrated.gpuAcceleration': 'off',
    ...opts.userSettings,
  };
  fs.writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify(settings, null, 2));

  // Variables from a surrounding VS Code terminal would make the server talk to that
  // VS Code instead of starting its own.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VSCODE_')));
  // No gallery: nothing here may reach out for extension metadata, and a
  // failing lookup only adds noise to the logs.
  env.EXTENSIONS_GALLERY = '{}';
  Object.assign(env, opts.env);
  const dirs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  const vsixes = typeof opts.installVsix === 'string' ? [opts.installVsix] : opts.installVsix ?? [];
  if (vsixes.length > 0) {
    await exec(node, [entry, ...dirs, ...vsixes.flatMap((v) => ['--install-extension', path.resolve(v)])], {
      cwd: userDataDir,
      env,
      log: path.join(userDataDir, 'install-extension.log'),
    });
  }

  const port = await freePort();
  const args = [
    entry,
    // Else it reads and writes ~/.config/code-server/config.yaml.
    '--config', path.join(userDataDir, 'config.yaml'),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    ...dirs,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    // Without it the browser workbench ignores the test payload in the URL.
    '--vscode-option', 'enable-smoke-test-driver',
    opts.folder,
  ];
  const started = Date.now();
  // Its own process group, so stop() reaches the extension host and pty children too.
  const child = spawn(node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (d: Buffer) => (output += d.toString());
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  // Detached, the server would outlive a runner stopped by Ctrl-C or a CI timeout.
  const killGroup = () => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } };
  const onSignal = (signal: NodeJS.Signals) => { killGroup(); process.exit(signal === 'SIGINT' ? 130 : 143); };
  process.on('exit', killGroup);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const stop = async () => {
    process.off('exit', killGroup);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* already gone */ }
      const killer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exited;
      clearTimeout(killer);
    }
    for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
  };

  const listening = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 60_000);
    const check = () => {
      if (output.includes('HTTP server listening')) { clearTimeout(timer); resolve(true); }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    exited.then(() => { clearTimeout(timer); resolve(false); });
  });
  if (!listening) {
    const log = output.trim().split('\n').slice(-30).join('\n');
    await stop();
    throw new Error(`code-server did not start listening on port ${port}:\n${log}`);
  }
  console.log(`code-server: listening on 127.0.0.1:${port} after ${elapsed(started)}`);
  return { url: `http://127.0.0.1:${port}`, port, userDataDir, stop, logs: () => output };
}

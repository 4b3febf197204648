// Debian's tinyproxy, started on loopback with a generated config: a real proxy for
// the proxy tests. Missing tinyproxy is a failure with the fix in the message, never
// a skip: a proxy path that silently went untested would look like a passing one.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { closedPort } from './faultServers';

export interface Tinyproxy {
  /** http://127.0.0.1:PORT, without credentials. */
  url: string;
  port: number;
  /** CONNECT tunnels the proxy was asked for so far, e.g. "127.0.0.1:40123". */
  tunnels(): string[];
  log(): string;
  stop(): Promise<void>;
}

const CANDIDATES = ['/usr/bin/tinyproxy', '/usr/sbin/tinyproxy', '/usr/local/bin/tinyproxy'];

export function tinyproxyBinary(): string {
  const found = CANDIDATES.find((file) => fs.existsSync(file));
  if (!found) {
    throw new Error(`tinyproxy is not installed (looked in ${CANDIDATES.join(', ')}): run \`apt-get install -y tinyproxy\` (.ci/run does this)`);
  }
  return found;
}

export async function startTinyproxy(options: { basicAuth?: { user: string; password: string } } = {}): Promise<Tinyproxy> {
  const binary = tinyproxyBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thinkstream-tinyproxy-'));
  const logFile = path.join(dir, 'tinyproxy.log');
  const port = await closedPort();
  const lines = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 60',
    `LogFile "${logFile}"`,
    'LogLevel Connect',
    'MaxClients 100',
    'Allow 127.0.0.1',
    // No ConnectPort line: tunnels to any port, as the fake provider listens on a random one.
  ];
  if (options.basicAuth) lines.push(`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`);
  const config = path.join(dir, 'tinyproxy.conf');
  fs.writeFileSync(config, `${lines.join('\n')}\n`);

  const child: ChildProcess = spawn(binary, ['-d', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForListening(port, child, () => output);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }

  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    tunnels: () => [...log().matchAll(/Request \(file descriptor \d+\): CONNECT (\S+) HTTP/g)].map((m) => m[1]),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForListening(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tinyproxy exited with ${child.exitCode}: ${output().trim()}`);
    if (await accepts(port)) return;
    if (Date.now() > deadline) throw new Error(`tinyproxy did not listen on ${port} within 5 s: ${output().trim()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

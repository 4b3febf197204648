// Runs the mocha suite of test/ext inside code-server's real Node extension host,
// started by the browser workbench in headless Chromium.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { launchChromium, screenshot, workbenchUrl } from './browser';
import { startCodeServer } from './codeServer';
import { elapsed, repoRoot, resultsDir } from './paths';
import { createSampleWorkspace } from './sampleWorkspace';

export interface ExtensionHostTestOptions {
  /** Reaches the extension host, e.g. a fake provider's URL. */
  env?: Record<string, string>;
  testsPath?: string;
  timeoutMs?: number;
}

// The workbench's own console and the suite's arrive through the same call; its
// start-up and shutdown chatter is kept in the file and out of the test output.
const workbenchChatter =
  /^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Ignoring fetching additional builtin|Updating additional builtin|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|Creation of workbench contribution|Timed out waiting for authentication provider)/;

class LogRelay {
  private done = false;
  constructor(private readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
  }
  line(level: string, args: unknown): void {
    const text = format(...(Array.isArray(args) ? args : [args]));
    fs.appendFileSync(this.file, `[${level}] ${text}\n`);
    if (this.done || workbenchChatter.test(text)) return;
    console.log(text);
    if (/^\d+ passed, \d+ failed$/.test(text)) this.done = true;
  }
}

interface LogFile {
  relativePath: string;
  contents: string;
}

export async function runExtensionHostTests(opts: ExtensionHostTestOptions = {}): Promise<number> {
  const testsPath = opts.testsPath ?? path.join(repoRoot, 'out', 'test', 'ext', 'index.js');
  // The fault matrix, the proxy and the load suites take a few minutes on their own.
  const timeoutMs = opts.timeoutMs ?? 15 * 60_000;
  for (const file of [path.join(repoRoot, 'dist', 'extension.js'), testsPath]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build && npm run compile-tests\` first`);
  }
  // The workbench picks the Node extension host only for tests inside the extension.
  if (!path.resolve(testsPath).startsWith(repoRoot + path.sep)) throw new Error(`${testsPath} must be inside ${repoRoot}`);

  const started = Date.now();
  const workspace = createSampleWorkspace();
  const server = await startCodeServer({
    folder: workspace.folder,
    env: { THINKSTREAM_TEST_WORKSPACE: workspace.folder, ...opts.env },
  });
  const browser = await launchChromium();
  const { page } = browser;
  let timer: NodeJS.Timeout | undefined;
  try {
    let finish!: (result: { code: number; logs: LogFile[] }) => void;
    const finished = new Promise<{ code: number; logs: LogFile[] }>((resolve) => (finish = resolve));
    // Both must exist before the workbench loads: it looks for them only once.
    const relay = new LogRelay(path.join(resultsDir, 'ext-host-console.log'));
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => relay.line(level, args));
    await page.exposeFunction('codeAutomationExit', (code: number, logs?: LogFile[]) => finish({ code, logs: logs ?? [] }));
    page.on('crash', () => finish({ code: -1, logs: [] }));

    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p)}`;
    await page.goto(
      workbenchUrl(server.url, workspace.folder, [
        ['extensionDevelopmentPath', remote(repoRoot)],
        ['extensionTestsPath', remote(testsPath)],
      ]),
    );
    const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    const result = await Promise.race([finished, timedOut]);
    const code = result === null ? 1 : result.code;
    if (result === null) console.error(`extension host tests: no result after ${timeoutMs / 1000} s`);
    else if (code === -1) console.error('extension host tests: the workbench page crashed');
    if (code !== 0) await reportFailure(page, server.logs(), result?.logs ?? []);
    console.log(`extension host tests: exit code ${code} in ${elapsed(started)}`);
    return code === -1 ? 1 : code;
  } finally {
    clearTimeout(timer);
    await browser.close();
    await server.stop();
    workspace.remove();
  }
}

async function reportFailure(page: import('playwright-core').Page, serverLog: string, logs: LogFile[]): Promise<void> {
  const shot = await screenshot(page, 'ext-host-failure').catch(() => undefined);
  if (shot) console.error(`screenshot: ${shot}`);
  const logDir = path.join(resultsDir, 'ext-host-logs');
  fs.rmSync(logDir, { recursive: true, force: true });
  for (const log of logs) {
    const file = path.join(logDir, log.relativePath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, log.contents);
  }
  if (logs.length) console.error(`workbench logs: ${logDir}`);
  console.error('--- code-server log (tail) ---');
  console.error(serverLog.trim().split('\n').slice(-40).join('\n'));
}

if (require.main === module) {
  runExtensionHostTests().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`extension host tests: ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    },
  );
}

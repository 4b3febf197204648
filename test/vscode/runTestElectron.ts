// The same extension-host suite in desktop VS Code, for machines that can download
// it. Where none can be had this is not a failure: the suite also runs in
// code-server (runExtensionHostTests), which needs no download.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { fetchStableVersions } from '@vscode/test-electron/out/download';
import { cacheDir, repoRoot } from './paths';
import { createSampleWorkspace } from './sampleWorkspace';

const PROBE_TIMEOUT_MS = 5000;

function hasCachedDesktopBuild(): boolean {
  return fs.existsSync(cacheDir) && fs.readdirSync(cacheDir).some((name) => /^vscode-/.test(name));
}

async function whyUnavailable(): Promise<string | undefined> {
  const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  const display = () => (noDisplay ? 'no display for desktop VS Code (run under xvfb-run)' : undefined);
  if (hasCachedDesktopBuild()) return display();
  try {
    // One quick request: the full download retries for minutes before giving up.
    await Promise.race([
      fetchStableVersions(true, PROBE_TIMEOUT_MS),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS + 1000).unref()),
    ]);
    return display();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return `desktop VS Code cannot be downloaded (${e.code ?? e.message})`;
  }
}

async function main(): Promise<number> {
  const reason = await whyUnavailable();
  if (reason) {
    console.log(`skipped: ${reason}`);
    return 0;
  }
  const workspace = createSampleWorkspace();
  try {
    await runTests({
      cachePath: cacheDir,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'ext', 'index.js'),
      extensionTestsEnv: { THINKSTREAM_TEST_WORKSPACE: workspace.folder },
      launchArgs: [workspace.folder, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    });
    return 0;
  } catch (err) {
    console.error(`extension host tests (desktop): ${err instanceof Error ? err.message : err}`);
    return 1;
  } finally {
    workspace.remove();
  }
}

main().then((code) => process.exit(code));

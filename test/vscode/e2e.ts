// End-to-end through the UI: Thinkstream installed in code-server like a user's
// extension (linked from the repo, or the VSIX in THINKSTREAM_VSIX), driven by
// headless Chromium. Usage: node out/test/vscode/e2e.js [name filter]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium, openWorkbench, screenshot } from './browser';
import { startCodeServer } from './codeServer';
import { elapsed, repoRoot } from './paths';
import { createSampleWorkspace } from './sampleWorkspace';
import type { Scenario, ScenarioContext } from './scenario';

function loadScenarios(filter?: string): { name: string; run: Scenario }[] {
  const dir = path.join(__dirname, 'scenarios');
  const found: { name: string; run: Scenario }[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
    const mod = require(path.join(dir, file)) as Record<string, unknown>;
    for (const [key, value] of Object.entries(mod)) {
      const name = `${path.basename(file, '.js')}/${key}`;
      if (typeof value === 'function' && (!filter || name.includes(filter))) found.push({ name, run: value as Scenario });
    }
  }
  return found;
}

// The provider entry follows DESIGN.md's `thinkstream.providers` contract.
function settingsFor(fakeProviderUrl?: string): object {
  if (!fakeProviderUrl) return {};
  return {
    'thinkstream.providers': [{ id: 'fake', label: 'Fake', kind: 'openai', baseUrl: fakeProviderUrl, model: 'fake-model' }],
    'thinkstream.activeProvider': 'fake',
  };
}

async function main(): Promise<number> {
  const started = Date.now();
  const scenarios = loadScenarios(process.argv[2]);
  if (scenarios.length === 0) throw new Error(`no scenario matches ${process.argv[2] ?? '(all)'}`);
  const vsix = process.env.THINKSTREAM_VSIX;
  if (!vsix && !fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run `npm run build` first');
  }
  const fakeProviderUrl = process.env.THINKSTREAM_FAKE_PROVIDER_URL;
  const workspace = createSampleWorkspace();
  const server = await startCodeServer({
    folder: workspace.folder,
    installVsix: vsix,
    extensionLinks: vsix ? [] : [repoRoot],
    userSettings: settingsFor(fakeProviderUrl),
    env: { THINKSTREAM_TEST_WORKSPACE: workspace.folder },
  });
  const browser = await launchChromium();
  let passed = 0;
  let failed = 0;
  try {
    await openWorkbench(browser.page, server.url, workspace.folder);
    console.log(`e2e: workbench ready after ${elapsed(started)}`);
    const ctx: ScenarioContext = {
      page: browser.page,
      serverUrl: server.url,
      workspace: workspace.folder,
      fakeProviderUrl,
      screenshot: (name) => screenshot(browser.page, name),
    };
    for (const scenario of scenarios) {
      const t = Date.now();
      try {
        await scenario.run(ctx);
        passed++;
        console.log(`  ✔ ${scenario.name} (${elapsed(t)})`);
      } catch (err) {
        failed++;
        const shot = await screenshot(browser.page, `fail-${scenario.name.replace(/\W+/g, '-')}`).catch(() => '');
        console.log(`  ✘ ${scenario.name} (${elapsed(t)})\n    ${(err as Error).message.split('\n').join('\n    ')}\n    screenshot: ${shot}`);
      }
    }
  } catch (err) {
    failed++;
    await screenshot(browser.page, 'fail-workbench').catch(() => undefined);
    console.log(`e2e: ${(err as Error).message}\n--- code-server log (tail) ---\n${server.logs().trim().split('\n').slice(-40).join('\n')}`);
  } finally {
    await browser.close();
    await server.stop();
    workspace.remove();
  }
  console.log(`e2e: done in ${elapsed(started)}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`e2e: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);

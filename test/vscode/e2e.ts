// End-to-end through the UI: Thinkstream installed in code-server like a user's
// extension (linked from the repo, or the VSIX in THINKSTREAM_VSIX), driven by
// headless Chromium, talking to a fake provider that runs in this process so
// scenarios can script its answers. Usage: node out/test/vscode/e2e.js [name filter]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeProvider } from '../support/fakeProvider';
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

// The provider entry follows DESIGN.md's `thinkstream.providers` contract. A model
// name the fake does not know gets its long realistic transcript by default.
function settingsFor(fake: FakeProvider): object {
  return {
    'thinkstream.providers': [
      { id: 'fake', label: 'Fake', kind: 'openai', baseUrl: `${fake.url}/v1`, model: 'fake-model' },
      // The other two protocols with reasoning of their own; a fixture name as model picks its stream.
      { id: 'fake-responses', label: 'Fake Responses', kind: 'responses', baseUrl: `${fake.url}/v1`, model: 'reasoning-summary' },
      { id: 'fake-gemini', label: 'Fake Gemini', kind: 'gemini', baseUrl: fake.url, model: 'thinking' },
    ],
    'thinkstream.activeProvider': 'fake',
  };
}

async function resetFake(fake: FakeProvider): Promise<void> {
  const res = await fetch(`${fake.url}/__reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`fake provider reset: HTTP ${res.status}`);
}

async function main(): Promise<number> {
  const started = Date.now();
  const scenarios = loadScenarios(process.argv[2]);
  if (scenarios.length === 0) throw new Error(`no scenario matches ${process.argv[2] ?? '(all)'}`);
  const vsix = process.env.THINKSTREAM_VSIX;
  if (!vsix && !fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run `npm run build` first');
  }
  const fake = await FakeProvider.start();
  const workspace = createSampleWorkspace();
  const server = await startCodeServer({
    folder: workspace.folder,
    installVsix: vsix,
    extensionLinks: vsix ? [] : [repoRoot],
    userSettings: settingsFor(fake),
    env: { THINKSTREAM_TEST_WORKSPACE: workspace.folder },
  }).catch(async (err: unknown) => {
    await fake.close();
    throw err;
  });
  const browser = await launchChromium();
  let passed = 0;
  let failed = 0;
  try {
    await openWorkbench(browser.page, server.url, workspace.folder);
    console.log(`e2e: workbench ready after ${elapsed(started)}${vsix ? ` (extension from ${vsix})` : ''}`);
    let currentStep = '';
    const ctx: ScenarioContext = {
      page: browser.page,
      serverUrl: server.url,
      workspace: workspace.folder,
      fake,
      screenshot: (name) => screenshot(browser.page, name),
      step: async (name, run) => {
        currentStep = name;
        return run();
      },
    };
    for (const scenario of scenarios) {
      const t = Date.now();
      currentStep = '(before the first step)';
      try {
        await resetFake(fake);
        await scenario.run(ctx);
        passed++;
        console.log(`  ✔ ${scenario.name} (${elapsed(t)})`);
      } catch (err) {
        failed++;
        const shot = await screenshot(browser.page, `fail-${scenario.name.replace(/\W+/g, '-')}`).catch(() => '');
        const message = (err as Error).message.split('\n').join('\n    ');
        console.log(`  ✘ ${scenario.name} (${elapsed(t)})\n    step: ${currentStep}\n    ${message}\n    screenshot: ${shot}`);
        // Whatever the failed scenario left behind (a modifier held down by a
        // half-done key press, an open quick input) must not break the next one.
        for (const key of ['Shift', 'Control', 'Alt', 'Meta']) await browser.page.keyboard.up(key).catch(() => undefined);
        await browser.page.keyboard.press('Escape').catch(() => undefined);
      }
    }
  } catch (err) {
    failed++;
    await screenshot(browser.page, 'fail-workbench').catch(() => undefined);
    console.log(`e2e: ${(err as Error).message}\n--- code-server log (tail) ---\n${server.logs().trim().split('\n').slice(-40).join('\n')}`);
  } finally {
    await browser.close();
    await server.stop();
    await fake.close();
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

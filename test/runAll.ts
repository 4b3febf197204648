// `npm test`: the unit suite in plain Node, then the extension-host suite inside a
// real VS Code, then the end-to-end scenarios through the workbench UI, then the
// packaged VSIX beside a hostile extension. Each layer runs as its own process;
// their counts add up to one closing line.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ensureChromium } from './vscode/chromium';

interface Layer {
  name: string;
  args: string[];
  /** Reads this layer's pass/fail counts from its output. */
  count(output: string): { passed: number; failed: number } | undefined;
}

const root = path.resolve(__dirname, '..', '..');

const mochaCount = (out: string) => {
  const passed = /(\d+) passing/.exec(out);
  if (!passed) return undefined;
  const failed = /(\d+) failing/.exec(out);
  return { passed: Number(passed[1]), failed: failed ? Number(failed[1]) : 0 };
};

const lastPlainCount = (out: string) => {
  const all = [...out.matchAll(/^(\d+) passed, (\d+) failed$/gm)];
  const last = all[all.length - 1];
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : undefined;
};

const LAYERS: Layer[] = [
  { name: 'unit', args: [require.resolve('mocha/bin/mocha.js')], count: mochaCount },
  { name: 'webview in Chromium', args: [path.join(root, 'out/test/webview/harness.js')], count: lastPlainCount },
  { name: 'extension host', args: [path.join(root, 'out/test/vscode/runExtensionHostTests.js')], count: lastPlainCount },
  { name: 'desktop VS Code', args: [path.join(root, 'out/test/vscode/runTestElectron.js')], count: lastPlainCount },
  { name: 'end to end', args: [path.join(root, 'out/test/vscode/e2e.js')], count: lastPlainCount },
  { name: 'hostile extension', args: [path.join(root, 'out/test/vscode/hostileExtension.js')], count: lastPlainCount },
];

function runLayer(layer: Layer): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    console.log(`\n=== ${layer.name} ===`);
    const child = spawn(process.execPath, layer.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const relay = (stream: NodeJS.WriteStream) => (d: Buffer) => {
      output += d.toString();
      stream.write(d);
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function main(): Promise<number> {
  const only = process.argv[2];
  let passed = 0;
  let failed = 0;
  const summary: string[] = [];
  if (!only || only !== 'unit') ensureChromium();
  for (const layer of LAYERS.filter((l) => !only || l.name.startsWith(only))) {
    const { code, output } = await runLayer(layer);
    const counted = layer.count(output);
    if (/^skipped: /m.test(output) && code === 0) {
      summary.push(`${layer.name}: ${output.match(/^skipped: .*$/m)![0]}`);
      continue;
    }
    if (!counted) {
      failed++;
      summary.push(`${layer.name}: FAILED before reporting any test (exit ${code})`);
      continue;
    }
    passed += counted.passed;
    failed += counted.failed + (code !== 0 && counted.failed === 0 ? 1 : 0);
    summary.push(`${layer.name}: ${counted.passed} passed, ${counted.failed} failed${code !== 0 ? ` (exit ${code})` : ''}`);
  }
  console.log('\n=== summary ===');
  for (const line of summary) console.log(line);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

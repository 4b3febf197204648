// Entry point the extension host loads as extensionTestsPath: runs every compiled
// test/ext/**/*.test.js inside VS Code, where `vscode` is real.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  // THINKSTREAM_EXT_TESTS=faultMatrix,proxy runs only the files whose names contain one of those words.
  const only = (process.env.THINKSTREAM_EXT_TESTS ?? '').split(',').filter(Boolean);
  const files = fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => only.length === 0 || only.some((word) => f.includes(word)));
  for (const file of files.sort()) mocha.addFile(path.join(__dirname, file));

  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const runner = mocha.run(() => {
      console.log(`${passed} passed, ${failed} failed`);
      if (failed > 0) reject(new Error(`${failed} extension host test(s) failed`));
      else if (passed === 0) reject(new Error('no extension host test ran'));
      else resolve();
    });
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
  });
}

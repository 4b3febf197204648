import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourcesUnder(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('layering', () => {
  it('nothing under src/core imports vscode (the core runs in plain Node and the CLI)', () => {
    const files = sourcesUnder(path.join(ROOT, 'src/core'));
    assert.ok(files.length > 10, 'src/core should hold the streaming core');
    const offenders = files.filter((f) =>
      /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]vscode['"]/.test(fs.readFileSync(f, 'utf8')),
    );
    assert.deepEqual(offenders, []);
  });

  it('the CLI bundle loads without a vscode module', () => {
    const cli = fs.readFileSync(path.join(ROOT, 'dist/cli.js'), 'utf8');
    assert.ok(!/require\(["']vscode["']\)/.test(cli));
  });
});

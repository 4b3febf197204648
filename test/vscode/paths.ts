import * as fs from 'node:fs';
import * as path from 'node:path';

// Walked up rather than counted: this file runs from test/vscode/ under ts-node-like
// tools and from out/test/vscode/ once compiled.
function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'thinkstream') {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no thinkstream package.json above ${start}`);
    dir = parent;
  }
}

export const repoRoot = findRepoRoot(__dirname);
export const cacheDir = path.join(repoRoot, '.vscode-test');
export const resultsDir = path.join(repoRoot, 'test-results');

export function elapsed(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

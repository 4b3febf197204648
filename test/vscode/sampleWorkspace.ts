import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// A small project of the kind a user asks about, made fresh per run so no test
// sees another's edits.
const files: Record<string, string> = {
  'README.md': '# Sample\n\nA tiny project used by Thinkstream tests.\n',
  'src/math.ts': [
    'export function mean(values: number[]): number {',
    '  if (values.length === 0) return 0;',
    '  return values.reduce((a, b) => a + b, 0) / values.length;',
    '}',
    '',
  ].join('\n'),
  'src/greet.py': 'def greet(name):\n    return f"Hello, {name}!"\n',
};

export function createSampleWorkspace(): { folder: string; remove(): void } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'thinkstream-ws-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), text);
  }
  return { folder, remove: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

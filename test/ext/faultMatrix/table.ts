// The fault matrix as the Markdown table in RELIABILITY.md. A unit test compares the
// two, so the document cannot promise a row the suite does not run.
import { ROWS, type FaultRow, type MatrixContext } from './rows';

const PLACEHOLDER: MatrixContext = {
  fake: { url: 'http://127.0.0.1:PORT' } as MatrixContext['fake'],
  other: { url: 'http://127.0.0.1:OTHER' } as MatrixContext['other'],
  closedPort: 0,
  tlsHolePort: 0,
  proxyHolePort: 0,
};

/** A message pattern read back as the sentence it matches. */
function readable(pattern: RegExp | undefined): string {
  if (!pattern) return '(no error)';
  return pattern.source
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/127\\\.0\\\.0\\\.1:\\d\+/g, '127.0.0.1:PORT')
    .replace(/\\d\\d:\\d\\d:\\d\\d/g, 'HH:MM:SS')
    .replace(/\(\?:([^)]*)\)/g, '$1')
    .replace(/ \?/g, ' ')
    .replace(/\\(.)/g, '$1')
    .replace(/\|/g, '\\|');
}

function kept(row: FaultRow): string {
  const e = row.expect(PLACEHOLDER);
  const part = (text: string, what: string) => (text ? `${what} ${text.length} chars` : `no ${what}`);
  const text = `${part(e.reasoning, 'reasoning')}, ${part(e.content, 'answer')}`;
  const extra = e.attempts !== undefined ? `; ${e.attempts} request${e.attempts > 1 ? 's' : ''}` : e.requests !== undefined ? `; ${e.requests} request${e.requests === 1 ? '' : 's'}` : '';
  return `${e.state}: ${text}${extra}`;
}

export function matrixTable(): string {
  const lines = ['| Row | Fault | The chat and the transcript say | State and text kept exactly |', '|---|---|---|---|'];
  for (const row of ROWS) {
    lines.push(`| ${row.id} | ${row.fault.replace(/\|/g, '\\|')} | ${readable(row.expect(PLACEHOLDER).message)} | ${kept(row)} |`);
  }
  return lines.join('\n');
}

if (require.main === module) process.stdout.write(`${matrixTable()}\n`);

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deepSeekTranscript } from './transcript';
import { median, nowMs, type Timing } from './stats';

export interface WholeProcessResult {
  frames: number;
  bytes: number;
  runs: number;
  ours: Timing;
  sdk: Timing;
  /** Median of per-round ratios, ours / SDK. */
  ratio: Timing;
}

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SDK_READER = join(__dirname, 'sdkReader.js');
const CPU_REPORT = join(__dirname, 'cpuReport.js');

/**
 * hyperfine-like: one warm-up run of each, then `runs` rounds that start the two
 * processes back to back (alternating which goes first), medians of each.
 */
export async function wholeProcess(frames = 50_000, runs = 9): Promise<WholeProcessResult> {
  const dir = mkdtempSync(join(tmpdir(), 'thinkstream-bench-'));
  try {
    const t = deepSeekTranscript(frames);
    const file = join(dir, 'transcript.sse');
    writeFileSync(file, t.bytes);
    const ours = () => timeProcess([CLI, 'ask', '--replay', file], dir);
    const sdk = () => timeProcess([SDK_READER, file], dir);
    await ours();
    await sdk();
    const o: Timing[] = [];
    const s: Timing[] = [];
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        o.push(await ours());
        s.push(await sdk());
      } else {
        s.push(await sdk());
        o.push(await ours());
      }
    }
    const ratio = (k: keyof Timing) => median(o.map((x, i) => x[k] / s[i][k]));
    return {
      frames: t.frames,
      bytes: t.bytes.length,
      runs,
      ours: { wallMs: median(o.map((x) => x.wallMs)), cpuMs: median(o.map((x) => x.cpuMs)) },
      sdk: { wallMs: median(s.map((x) => x.wallMs)), cpuMs: median(s.map((x) => x.cpuMs)) },
      ratio: { wallMs: ratio('wallMs'), cpuMs: ratio('cpuMs') },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Output goes to /dev/null, as when `> answer.md` is a fast disk; both sides write the same text. */
function timeProcess(args: string[], dir: string): Promise<Timing> {
  const cpuFile = join(dir, 'cpu');
  writeFileSync(cpuFile, '');
  const started = nowMs();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['-r', CPU_REPORT, ...args], {
      stdio: ['ignore', 'ignore', 'ignore'],
      env: { ...process.env, THINKSTREAM_BENCH_CPU_FILE: cpuFile, THINKSTREAM_API_KEY: '' },
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = nowMs() - started;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}`));
      const cpuMs = Number(readFileSync(cpuFile, 'utf8'));
      if (!(cpuMs > 0)) return reject(new Error(`${args[0]} reported no CPU time`));
      resolvePromise({ wallMs, cpuMs });
    });
  });
}

// The chat webview in real headless Chromium for the benchmarks: the same page and
// bundle as the harness, plus Chromium's own trace to read main-thread time (script,
// style, layout and paint) per task.
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type HarnessServer } from '../../test/webview/server';

const ROOT = path.resolve(__dirname, '../../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BenchPage {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openChat(): Promise<BenchPage> {
  for (const [entry, out] of [['src/webview/main.ts', 'dist/webview.js'], ['src/webview/highlight/entry.ts', 'dist/highlight.js']]) {
    await esbuild.build({
      entryPoints: [path.join(ROOT, entry)],
      outfile: path.join(ROOT, out),
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      logLevel: 'warning',
    });
  }
  const server: HarnessServer = await startServer(ROOT);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // The naive baseline is injected as a script of its own, which the page's CSP would refuse.
  const context = await browser.newContext({ viewport: { width: 440, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.origin}/?theme=vscode-dark`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return {
    browser,
    page,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** The marked + DOMPurify "render the whole message again" baseline, as window.__naive(text). */
export async function injectNaive(page: Page): Promise<void> {
  const out = await esbuild.build({
    entryPoints: [path.join(ROOT, 'bench/webview/naive.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    logLevel: 'warning',
  });
  await page.addScriptTag({ content: out.outputFiles[0].text });
}

/**
 * The page's renderer main thread. CPU figures come from the trace's thread time
 * (tdur): on a shared machine a task's wall time also counts the time the thread sat
 * descheduled, which the other benchmarks' CPU-time goals leave out too.
 */
export interface MainThread {
  /** Sum of its tasks' thread (CPU) time, ms. */
  totalMs: number;
  /** Its longest task by thread time, ms. */
  longestMs: number;
  /** The same two by wall time, for reference. */
  totalWallMs: number;
  longestWallMs: number;
  tasks: number;
}

/**
 * Only the `toplevel` category: every task the main thread runs, with the script,
 * style, layout and paint inside it. DevTools' timeline categories also record
 * per-element detail each frame, and that recording alone grows with the size of the
 * DOM: under them a 100,000-character answer looked 1.6–1.8× dearer per delta than a
 * 1,000-character one even with every finished block display:none, while both this
 * trace and CDP's TaskDuration with no trace at all put it at 1.1–1.25×.
 * TRACE_BREAKDOWN=1 turns them on, to see where the time goes.
 */
const TASK_CATEGORIES = ['toplevel', '__metadata'];
const DETAIL_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];
/** The outermost event of each task the thread runs (in `toplevel`). */
const TASK_EVENT = 'ThreadControllerImpl::RunTask';

/** Runs `action` under Chromium's tracing and sums the page's main-thread tasks. */
export async function traced(bp: BenchPage, action: () => Promise<void>): Promise<MainThread> {
  const categories = process.env.TRACE_BREAKDOWN ? [...TASK_CATEGORIES, ...DETAIL_CATEGORIES] : TASK_CATEGORIES;
  await bp.browser.startTracing(bp.page, { categories });
  await action();
  const buffer = await bp.browser.stopTracing();
  const trace = JSON.parse(buffer.toString('utf8'));
  if (process.env.TRACE_BREAKDOWN) breakdown(trace);
  return mainThread(trace);
}

/** Prints where main-thread time went, by trace event name (for finding a regression). */
function breakdown(trace: { traceEvents: TraceEvent[] } | TraceEvent[]): void {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const totals = new Map<string, number>();
  for (const e of events) if (e.ph === 'X' && e.dur !== undefined) totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
  console.log([...totals].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(' | '));
  const long = events.filter((e) => e.ph === 'X' && e.name === TASK_EVENT && (e.tdur ?? 0) > 30_000);
  for (const task of long.slice(0, 6)) {
    const t = task;
    const inside = new Map<string, number>();
    for (const e of events) {
      if (e.ph !== 'X' || e.tid !== t.tid || e.pid !== t.pid || e === t || e.ts < t.ts || e.ts > t.ts + (t.dur ?? 0)) continue;
      inside.set(e.name, Math.max(inside.get(e.name) ?? 0, (e.dur ?? 0) / 1000));
    }
    console.log(`  long task ${((t.tdur ?? 0) / 1000).toFixed(1)} ms CPU, ${((t.dur ?? 0) / 1000).toFixed(1)} ms wall:`, [...inside].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(' | '));
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

function mainThread(trace: { traceEvents: TraceEvent[] } | TraceEvent[]): MainThread {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  // The busiest renderer main thread is the page's.
  const byThread = new Map<string, TraceEvent[]>();
  const ends = new Map<string, number>();
  const tasks = events.filter((e) => e.ph === 'X' && e.name === TASK_EVENT && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  for (const e of tasks) {
    const key = `${e.pid}:${e.tid}`;
    // A nested run loop's tasks lie inside the task that spun it; count the outer one.
    if (!mains.has(key) || e.ts < (ends.get(key) ?? 0)) continue;
    ends.set(key, e.ts + (e.dur ?? 0));
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  const cpu = (e: TraceEvent) => (e.tdur ?? e.dur ?? 0) / 1000;
  const wall = (e: TraceEvent) => (e.dur ?? 0) / 1000;
  let best: TraceEvent[] = [];
  for (const list of byThread.values()) if (sum(list.map(cpu)) > sum(best.map(cpu))) best = list;
  return {
    totalMs: sum(best.map(cpu)),
    longestMs: best.length ? Math.max(...best.map(cpu)) : 0,
    totalWallMs: sum(best.map(wall)),
    longestWallMs: best.length ? Math.max(...best.map(wall)) : 0,
    tasks: best.length,
  };
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

// (d) In the real workbench (code-server driven by headless Chromium): from the
// provider writing its first reasoning byte to that text being in the chat view at
// the next frame. The provider is a loopback server in this process; both stamps
// are wall-clock times with sub-millisecond parts (performance.timeOrigin + now())
// on the same machine, so they compare directly.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Frame } from 'playwright-core';
import { launchChromium, openWorkbench, screenshot, webviewFrame } from '../test/vscode/browser';
import { openChatFromActivityBar, runCommandOnceListed } from '../test/vscode/scenarios/lib/workbench';
import { startCodeServer } from '../test/vscode/codeServer';
import { repoRoot } from '../test/vscode/paths';
import { createSampleWorkspace } from '../test/vscode/sampleWorkspace';
import { quantile } from './stats';

export interface FirstVisibleResult {
  requests: number;
  measured: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const wallMs = () => performance.timeOrigin + performance.now();

/** Answers each request with a reasoning marker first, stamping the moment it is written. */
function reasoningServer(written: Map<string, number>): Server {
  return createServer({ noDelay: true }, (req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', async () => {
      // The newest question is the last one in the request; earlier ones ride along as history.
      const marker = [...body.matchAll(/REQ(\d+)/g)].at(-1)?.[1] ?? 'x';
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const frame = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1737000000, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      // Headers first and a pause, as a model does before its first token.
      await sleep(40);
      written.set(marker, wallMs());
      res.write(frame({ reasoning_content: `Thinking mark${marker}. ` }, null));
      for (let i = 0; i < 20; i++) {
        await sleep(5);
        res.write(frame({ reasoning_content: `step ${i}; ` }, null));
      }
      res.write(frame({ content: 'Done.' }, null));
      res.end(frame({}, 'stop') + 'data: [DONE]\n\n');
    });
  });
}

/**
 * Runs in the webview: resolves with the time `text` enters a reasoning block. The
 * chat applies host messages inside an animation-frame callback, so that frame's
 * paint, which follows at once, is the one that shows it.
 */
function whenReasoningShows(text: string): Promise<number> {
  const now = () => performance.timeOrigin + performance.now();
  const has = () => Array.from(document.querySelectorAll('[data-role="reasoning"]')).some((e) => (e.textContent ?? '').includes(text));
  return new Promise((resolve) => {
    const done = () => resolve(now());
    if (has()) return done();
    const observer = new MutationObserver(() => {
      if (!has()) return;
      observer.disconnect();
      done();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

export async function firstReasoningVisible(requests = 20): Promise<FirstVisibleResult> {
  const written = new Map<string, number>();
  const server = reasoningServer(written);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const workspace = createSampleWorkspace();
  const code = await startCodeServer({
    folder: workspace.folder,
    extensionLinks: [repoRoot],
    userSettings: {
      'thinkstream.providers': [{ id: 'bench', kind: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'bench-model' }],
      'thinkstream.activeProvider': 'bench',
      'thinkstream.outputChannel.mirror': 'off',
    },
  });
  const browser = await launchChromium();
  try {
    const page = browser.page;
    await openWorkbench(page, code.url, workspace.folder);
    await openChatFromActivityBar(page);
    await runCommandOnceListed(page, 'Thinkstream: New Chat');
    const frame: Frame = await webviewFrame(page, '.composer-input', 60_000);
    const delays: number[] = [];
    // One warm-up request, not counted: the first one loads the chat's code paths.
    for (let i = -1; i < requests; i++) {
      const marker = `mark${i + 1000}`;
      const shown = frame.evaluate(whenReasoningShows, marker);
      await frame.locator('.composer-input').fill(`REQ${i + 1000}: say something`);
      await frame.locator('.composer-input').press('Enter');
      const visibleAt = await Promise.race([
        shown,
        sleep(30_000).then(async () => {
          await screenshot(page, 'bench-first-visible-failed');
          throw new Error(`request ${i + 1}: "${marker}" never showed in the chat (server saw ${written.size} request(s))`);
        }),
      ]);
      const writtenAt = written.get(String(i + 1000));
      await frame.waitForFunction(
        () => {
          const turns = document.querySelectorAll('[data-turn]');
          return turns[turns.length - 1]?.getAttribute('data-state') === 'done';
        },
        undefined,
        { timeout: 30_000 },
      );
      if (i >= 0 && writtenAt !== undefined) delays.push(visibleAt - writtenAt);
    }
    return { requests, measured: delays.length, p50Ms: quantile(delays, 0.5), p99Ms: quantile(delays, 0.99), maxMs: quantile(delays, 1) };
  } finally {
    await browser.close();
    await code.stop();
    server.closeAllConnections();
    server.close();
    workspace.remove();
  }
}

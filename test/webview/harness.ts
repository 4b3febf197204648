// Drives the real chat webview bundle in headless Chromium: the DOM contract, inert
// model output, render-once blocks, the thinking clock, the composer, and screenshots
// in dark, light and high-contrast themes. Run: node out/test/webview/harness.js
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import type { HostMessage, WebviewMessage } from '../../src/protocol';
import { startServer } from './server';
import { check, posted, report, send, settle, streamText, type PageGlobals } from './tools';
import { longBlocksInParts, readingChecks, reasoningInWords } from './reading';
import { hostileCorpus } from './hostileSuite';
import { CODE_LINE, HOSTILE_ANSWER, REASONING, doneTurn, errorTurn, newTurn, thinkingTurn } from './fixtures';

const ROOT = path.resolve(__dirname, '../../..');
const RESULTS = path.join(ROOT, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main(): Promise<void> {
  for (const [entry, out] of [['src/webview/main.ts', 'dist/webview.js'], ['src/webview/highlight/entry.ts', 'dist/highlight.js']]) {
    await esbuild.build({
      entryPoints: [path.join(ROOT, entry)],
      outfile: path.join(ROOT, out),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      logLevel: 'warning',
    });
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  const server = await startServer(ROOT);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'thinkstream-harness-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 440, height: 900 },
  });
  const foreign: string[] = [];
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  context.on('request', (req) => {
    if (!req.url().startsWith(server.origin)) foreign.push(req.url());
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${server.origin}/?theme=vscode-dark`);
    await page.waitForFunction(() => (window as unknown as PageGlobals).__posted.some((m) => m.type === 'ready'));
    check('posts ready on load', (await posted(page)).some((m) => m.type === 'ready'));
    check('shows the empty state first', await page.isVisible('.empty-state'));

    await contractAndSnapshot(page);
    await streamingTurn(page);
    await composerAndActions(page);
    await errorsAndSettings(page);
    await longAnswer(page);
    await announcements(page);
    await longBlocksInParts(page, RESULTS);
    await reasoningInWords(page);
    await readingChecks(page, RESULTS);
    await screenshots(page);
    await hostileCorpus(context, server.origin, RESULTS);

    check('no script from model output ran (no dialog, no global)', dialogs.length === 0 && !(await page.evaluate(() => (window as unknown as PageGlobals).__pwned)), dialogs);
    check('no CSP violations', (await page.evaluate(() => (window as unknown as PageGlobals).__cspViolations)).length === 0, await page.evaluate(() => (window as unknown as PageGlobals).__cspViolations));
    check('no request left the loopback server', foreign.length === 0, foreign);
    check('no unexpected local request (e.g. <img src=x>)', server.unexpected.filter((p) => p !== '/favicon.ico').length === 0, server.unexpected);
    check('no page errors', pageErrors.length === 0, pageErrors);
  } finally {
    await context.close();
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function contractAndSnapshot(page: Page): Promise<void> {
  const now = Date.now();
  const snapshot: HostMessage = { type: 'snapshot', turns: [doneTurn(now)], settings: { reasoningDisplay: 'expanded' }, busy: false, now };
  await send(page, snapshot, snapshot);
  check('a snapshot sent twice rebuilds, never duplicates', (await page.locator('article[data-turn]').count()) === 1);
  const t1 = page.locator('article[data-turn="t1"]');
  check('turn element has data-state="done"', (await t1.getAttribute('data-state')) === 'done');
  check('reasoning has data-role="reasoning"', (await t1.locator('[data-role="reasoning"]').count()) === 1);
  check('answer has data-role="content"', (await t1.locator('[data-role="content"]').count()) === 1);
  check('finished thinking reads "Thought for 12.4s"', (await t1.locator('.reasoning-header').innerText()) === 'Thought for 12.4s');
  check('reasoning is open when display is expanded', await t1.locator('details[data-role="reasoning"]').evaluate((d) => (d as HTMLDetailsElement).open));
  check('Explain Selection reference reads file:start-end', (await t1.locator('.turn-ref').innerText()) === 'src/cache.ts:10-24');
  const metrics = await t1.locator('.turn-metrics').innerText();
  check('metrics show TTFT, ≈ tokens/s and total', /0\.8s/.test(metrics) && metrics.includes('≈41.3 tok/s') && metrics.includes('18.3s total'), metrics);
  check('code block renders as <pre><code class="language-ts">', (await t1.locator('pre > code.language-ts').count()) === 1);
  check('empty state hides once there are turns', !(await page.isVisible('.empty-state')));
}

async function streamingTurn(page: Page): Promise<void> {
  await send(page, { type: 'turnStart', turn: newTurn('t2', 'Why does the cache never hit?', Date.now()) });
  const t2 = page.locator('article[data-turn="t2"]');
  // No aria-busy: it would silence the live region that says "Thinking", "Answering".
  check('streaming turn has data-state="streaming"', (await t2.getAttribute('data-state')) === 'streaming' && (await t2.getAttribute('aria-busy')) === null);
  check('waiting status shows before the first token', await t2.locator('.turn-waiting').isVisible());
  check('Stop replaces Send while busy', (await page.isVisible('.composer-stop')) && !(await page.isVisible('.composer-send')));

  await send(page, { type: 'turnUpdate', id: 't2', patch: { phase: 'thinking', reasoningStartedAt: Date.now() } });
  await streamText(page, 't2', 'reasoning', REASONING, 9, 3);
  check('reasoning streams as plain text', (await t2.locator('.reasoning-body').innerText()).replace(/\s+/g, ' ').trim() === REASONING.replace(/\s+/g, ' ').trim());
  check('waiting status goes once text arrives', (await t2.locator('.turn-waiting').count()) === 0);

  // While thinking with no deltas, the clock may touch only its own text node.
  await page.evaluate(() => {
    const g = window as unknown as PageGlobals;
    const article = document.querySelector('article[data-turn="t2"]')!;
    g.__records = [];
    g.__observer = new MutationObserver((rs) => g.__records!.push(...rs));
    g.__observer.observe(article, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.waitForTimeout(2300);
  const tick = await page.evaluate(() => {
    const g = window as unknown as PageGlobals;
    g.__observer!.disconnect();
    const label = document.querySelector('article[data-turn="t2"] .reasoning-label')!.firstChild;
    const rs = g.__records!;
    return { count: rs.length, onlyLabel: rs.every((r) => r.type === 'characterData' && r.target === label), text: label?.textContent };
  });
  check('thinking header ticks once a second, touching only its text node', tick.count >= 2 && tick.count <= 3 && tick.onlyLabel, tick);
  check('thinking header reads "Thinking… Ns"', /^Thinking… [2-4]s$/.test(tick.text ?? ''), tick.text);

  const half = Math.floor(HOSTILE_ANSWER.length * 0.55);
  await streamText(page, 't2', 'content', HOSTILE_ANSWER.slice(0, half), 7, 4);
  check('reasoning header switches to "Thought for" at the first content', /^Thought for \d+\.\ds$/.test(await t2.locator('.reasoning-header').innerText()));
  const saved = await page.evaluate(() => {
    const g = window as unknown as PageGlobals;
    g.__saved = Array.from(document.querySelectorAll('article[data-turn="t2"] [data-block="done"]'));
    g.__records = [];
    g.__observer = new MutationObserver((rs) => g.__records!.push(...rs));
    for (const el of g.__saved) g.__observer.observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
    return g.__saved.length;
  });
  check('finished blocks are committed while streaming', saved >= 3, saved);
  await streamText(page, 't2', 'content', HOSTILE_ANSWER.slice(half), 7, 4);
  const identity = await page.evaluate(() => {
    const g = window as unknown as PageGlobals;
    g.__observer!.disconnect();
    const now = Array.from(document.querySelectorAll('article[data-turn="t2"] [data-block="done"]'));
    return { same: g.__saved!.every((el, i) => now[i] === el && el.isConnected), mutations: g.__records!.length, total: now.length };
  });
  check('committed block nodes are the same DOM nodes after more deltas', identity.same && identity.total > saved, identity);
  check('committed block nodes are never mutated again', identity.mutations === 0, identity);

  await send(page, {
    type: 'turnUpdate',
    id: 't2',
    patch: { state: 'done', reasoningMs: 3200, metrics: { ttftMs: 1400, totalMs: 6100, tokensPerSecond: 52.5, tokensEstimated: false } },
  });
  check('finished turn: data-state="done"', (await t2.getAttribute('data-state')) === 'done');
  check("host's reasoningMs wins: \"Thought for 3.2s\"", (await t2.locator('.reasoning-header').innerText()) === 'Thought for 3.2s');
  check('exact tokens/s has no ≈', (await t2.locator('.turn-metrics').innerText()).includes('52.5 tok/s') && !(await t2.locator('.turn-metrics').innerText()).includes('≈'));
  await inertOutput(page);
  await page.setViewportSize({ width: 440, height: 1600 });
  await t2.screenshot({ path: path.join(RESULTS, 'webview-answer-dark.png') });
  await page.setViewportSize({ width: 440, height: 900 });
}

async function inertOutput(page: Page): Promise<void> {
  const content = page.locator('article[data-turn="t2"] [data-role="content"]');
  const audit = await content.evaluate((el) => ({
    dangerous: el.querySelectorAll('img, script, iframe, style, form, input, object, embed, svg').length,
    handlers: Array.from(el.querySelectorAll('*')).filter((n) => Array.from(n.attributes).some((a) => a.name.startsWith('on'))).length,
    styled: document.querySelectorAll('[style]').length,
    text: el.textContent ?? '',
    links: Array.from(el.querySelectorAll('a')).map((a) => ({ href: a.getAttribute('href'), rel: a.getAttribute('rel'), target: a.getAttribute('target'), text: a.textContent })),
    code: el.querySelector('pre > code.language-ts')?.textContent ?? '',
    table: el.querySelectorAll('table td').length,
    tasks: el.querySelectorAll('.md-task').length,
  }));
  check('no img/script/iframe/form elements in the answer', audit.dangerous === 0, audit.dangerous);
  check('no event-handler attributes in the answer', audit.handlers === 0);
  check('no style attributes anywhere in the page', audit.styled === 0);
  check('raw HTML shows as text', audit.text.includes('<img src=x onerror=alert(1)>') && audit.text.includes('<script>window.__pwned = 1</script>'));
  const docs = audit.links.find((l) => l.text === 'the docs');
  check('https link keeps href, opens in a new context with rel=noopener', docs?.href === 'https://example.com/cache' && docs.rel === 'noopener noreferrer' && docs.target === '_blank', docs);
  check('javascript: link loses its href', audit.links.find((l) => l.text === 'this')?.href === null, audit.links);
  check('remote image becomes a link, not an image', audit.links.some((l) => l.href === 'https://example.com/pixel.png' && /image: tracking pixel/.test(l.text ?? '')));
  check('fenced code keeps its exact text', audit.code.startsWith(CODE_LINE) && audit.code.includes('return cache.get(k);'), audit.code);
  check('GFM table and task list render', audit.table === 4 && audit.tasks === 2, audit);
}

async function composerAndActions(page: Page): Promise<void> {
  await posted(page);
  const input = page.locator('.composer-input');
  await input.fill('first line');
  await input.press('Shift+Enter');
  await input.pressSequentially('second line');
  await input.press('Enter');
  let msgs = await posted(page);
  check('Enter sends, Shift+Enter adds a line', msgs.some((m) => m.type === 'send' && m.text === 'first line\nsecond line'), msgs);
  check('the input clears after sending', (await input.inputValue()) === '');

  await send(page, { type: 'turnStart', turn: newTurn('t3', 'first line\nsecond line', Date.now()) });
  await input.focus();
  await page.keyboard.press('Escape');
  await page.click('.composer-stop');
  msgs = await posted(page);
  check('Escape and Stop post cancel while busy', msgs.filter((m) => m.type === 'cancel').length === 2, msgs);
  await send(page, { type: 'turnUpdate', id: 't3', patch: { state: 'cancelled', phase: 'waiting' } });
  const t3 = page.locator('article[data-turn="t3"]');
  check('cancelled turn shows "Cancelled" and Retry', (await t3.getAttribute('data-state')) === 'cancelled' && (await t3.locator('.turn-footer').innerText()).includes('Cancelled'));
  check('Send is back once nothing streams', (await page.isVisible('.composer-send')) && !(await page.isVisible('.composer-stop')));
  await page.keyboard.press('Escape');
  check('Escape when idle posts nothing', (await posted(page)).length === 0);

  await t3.locator('.turn-retry').click();
  await page.click('article[data-turn="t1"] .turn-ref');
  await page.click('.composer-new');
  await page.click('article[data-turn="t1"] pre [data-action="copyCode"]');
  msgs = await posted(page);
  check('Retry posts retry {id}', msgs.some((m) => m.type === 'retry' && m.id === 't3'), msgs);
  check('the reference posts openRef {id}', msgs.some((m) => m.type === 'openRef' && m.id === 't1'), msgs);
  check('New chat posts newChat', msgs.some((m) => m.type === 'newChat'), msgs);
  check('Copy posts the code text', msgs.some((m) => m.type === 'copy' && m.text === 'const hit = cache.get(key);\n'), msgs);

  await send(page, { type: 'focusInput' });
  check('focusInput focuses the input', await input.evaluate((el) => document.activeElement === el));
  const labels = await page.evaluate(() => Array.from(document.querySelectorAll('button')).filter((b) => !b.getAttribute('aria-label') && !b.textContent?.trim()).length);
  check('every button has a label', labels === 0);
}

async function errorsAndSettings(page: Page): Promise<void> {
  const now = Date.now();
  await send(page, { type: 'turnStart', turn: errorTurn(now) }, { type: 'turnUpdate', id: 't-err', patch: { state: 'error' } });
  const err = page.locator('article[data-turn="t-err"]');
  const footer = await err.locator('.turn-footer').innerText();
  check('error turn shows the message and Retry', (await err.getAttribute('data-state')) === 'error' && footer.includes('HTTP 429') && (await err.locator('.turn-retry').isVisible()), footer);
  check('a partial answer stays visible after an error', (await err.locator('[data-role="content"]').innerText()).includes('three open issues'));

  await send(page, { type: 'settings', settings: { reasoningDisplay: 'collapsed' } });
  const t1Reasoning = page.locator('article[data-turn="t1"] details[data-role="reasoning"]');
  check('collapsed: closed, header still visible', !(await t1Reasoning.evaluate((d) => (d as HTMLDetailsElement).open)) && (await t1Reasoning.locator('summary').isVisible()));
  await send(page, { type: 'settings', settings: { reasoningDisplay: 'hidden' } });
  check('hidden: no reasoning block shown', !(await t1Reasoning.isVisible()));
  await send(page, { type: 'settings', settings: { reasoningDisplay: 'expanded' } });
  check('expanded: open again', await t1Reasoning.evaluate((d) => (d as HTMLDetailsElement).open));

  await send(page, { type: 'clear' });
  check('clear empties the transcript', (await page.locator('article[data-turn]').count()) === 0 && (await page.isVisible('.empty-state')));
}

/** A long answer: per-frame work must not grow with the text already shown. */
async function longAnswer(page: Page): Promise<void> {
  await send(page, { type: 'turnStart', turn: newTurn('t-long', 'Write a long answer', Date.now()) });
  let answer = '';
  for (let i = 0; i < 150; i++) {
    answer += `### Part ${i}\n\nParagraph ${i} with \`code\`, **bold** and a [link](https://example.com/${i}).\n\n`;
    if (i % 10 === 0) answer += '```js\n' + `console.log(${i});\n`.repeat(8) + '```\n\n';
  }
  const chunks: string[] = [];
  for (let i = 0; i < answer.length; i += 12) chunks.push(answer.slice(i, i + 12));
  const third = Math.floor(chunks.length / 3);
  const sendAll = async (part: string[]) => {
    for (let i = 0; i < part.length; i += 6) await send(page, ...part.slice(i, i + 6).map((c): HostMessage => ({ type: 'delta', id: 't-long', content: c })));
  };
  await sendAll(chunks.slice(0, 2 * third));
  // From here on, watch every DOM change in the answer: work per frame must not grow
  // with the text already shown, so finished blocks must never be touched again.
  await page.evaluate(() => {
    const content = document.querySelector('article[data-turn="t-long"] [data-role="content"]')!;
    const w = window as unknown as { __touchedDone: number; __records: number };
    w.__touchedDone = 0;
    w.__records = 0;
    new MutationObserver((records) => {
      for (const r of records) {
        w.__records++;
        const el = r.target instanceof Element ? r.target : r.target.parentElement;
        if (el?.closest('[data-block="done"]')) w.__touchedDone++;
        for (const n of Array.from(r.removedNodes)) {
          if (n instanceof Element && (n.matches('[data-block="done"]') || n.querySelector('[data-block="done"]'))) w.__touchedDone++;
        }
      }
    }).observe(content, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await sendAll(chunks.slice(2 * third));
  const watched = await page.evaluate(() => {
    const w = window as unknown as { __touchedDone: number; __records: number };
    return { touchedDone: w.__touchedDone, records: w.__records };
  });
  const blocks = await page.locator('article[data-turn="t-long"] [data-block="done"]').count();
  console.log(`       long answer: ${answer.length} chars, ${blocks} committed blocks, ${watched.records} changes in the last third`);
  check('the last third of a long answer never touches a finished block', watched.touchedDone === 0 && watched.records > 0, watched);
  // textContent: innerText leaves out blocks that content-visibility keeps out of layout.
  const text = (await page.locator('article[data-turn="t-long"] [data-role="content"]').textContent()) ?? '';
  check('long answer renders every part once', (text.match(/Paragraph \d+ with/g) ?? []).length === 150);
  const stuck = await page.evaluate(() => {
    const t = document.querySelector('.transcript')!;
    return t.scrollHeight - t.scrollTop - t.clientHeight;
  });
  check('autoscroll keeps the bottom in view while at the bottom', stuck < 4, stuck);
  await page.evaluate(() => document.querySelector('.transcript')!.scrollTo({ top: 0 }));
  await page.waitForTimeout(50);
  await send(page, { type: 'delta', id: 't-long', content: '\n\nMore text after scrolling up.' });
  check('no autoscroll once the user scrolled up', (await page.evaluate(() => document.querySelector('.transcript')!.scrollTop)) === 0);
  await send(page, { type: 'turnUpdate', id: 't-long', patch: { state: 'done' } });
}

/** A screen reader hears the turn's stages, never each token. */
async function announcements(page: Page): Promise<void> {
  const heard: string[] = [];
  await page.exposeFunction('__heard', (text: string) => heard.push(text));
  await page.evaluate(() => {
    const region = document.querySelector('[role="status"][aria-live="polite"]')!;
    new MutationObserver(() => (window as unknown as { __heard(t: string): void }).__heard(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
  });
  await send(page, { type: 'turnStart', turn: newTurn('t-say', 'Say it', Date.now()) });
  await streamText(page, 't-say', 'reasoning', REASONING, 5, 2);
  await streamText(page, 't-say', 'content', HOSTILE_ANSWER.slice(0, 200), 5, 2);
  await send(page, { type: 'turnUpdate', id: 't-say', patch: { state: 'done' } });
  check('the live region says "Thinking", "Answering", "Answer finished", nothing per token', heard.join('|') === 'Thinking|Answering|Answer finished', heard);
  const inTranscript = await page.evaluate(() => document.querySelector('.transcript')!.contains(document.querySelector('[role="status"]')));
  check('the live region sits outside the scrolling transcript', !inTranscript);
}

async function screenshots(page: Page): Promise<void> {
  await send(page, { type: 'clear' });
  await page.screenshot({ path: path.join(RESULTS, 'webview-empty-dark.png') });
  const now = Date.now();
  await send(page, {
    type: 'snapshot',
    turns: [doneTurn(now), errorTurn(now), thinkingTurn(now)],
    settings: { reasoningDisplay: 'expanded' },
    busy: true,
    now,
  });
  check('live thinking header from a snapshot counts from reasoningStartedAt', /^Thinking… [45]s$/.test(await page.locator('article[data-turn="t-live"] .reasoning-header').innerText()));
  for (const theme of ['dark', 'light', 'high-contrast']) {
    await page.evaluate((cls) => {
      document.body.classList.remove('vscode-dark', 'vscode-light', 'vscode-high-contrast');
      document.body.classList.add(cls);
    }, `vscode-${theme}`);
    await settle(page);
    await page.screenshot({ path: path.join(RESULTS, `webview-${theme}.png`) });
  }
}

main()
  .catch((e) => {
    check('the harness ran to the end', false, String(e));
    console.error(e);
  })
  .finally(() => process.exit(report()));

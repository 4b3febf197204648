// What a person sees, not only what the DOM holds: geometry and visibility of the
// reasoning pane that follows the newest text, the page that never scrolls, the
// composer always in view, the folded header, code actions and colours, in real Chromium.
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { HostMessage, TurnState } from '../../src/protocol';
import { doneTurn, newTurn } from './fixtures';
import { check, posted, send, settle } from './tools';

const CODE_ANSWER =
  'Use a map keyed by id:\n\n```ts\nexport function index(users: User[]): Map<string, User> {\n  const byId = new Map<string, User>();\n' +
  '  for (const u of users) byId.set(u.id, u); // one pass\n  return byId;\n}\n```\n\nThen look users up in O(1).';

function finishedTurns(n: number, now: number): TurnState[] {
  return Array.from({ length: n }, (_, i) => ({
    ...doneTurn(now - (n - i) * 60_000),
    id: `old-${i}`,
    prompt: `Earlier question ${i}`,
    content: `Answer ${i}.\n\n` + 'Some words in a paragraph that takes a few lines in a narrow side bar. '.repeat(4) + '\n\n```js\nconsole.log(' + i + ');\n```\n',
  }));
}

/** The text of reasoning line `i`: numbered so the newest one can be found on screen. */
function reasoningLine(i: number): string {
  return `Step ${i}: weigh option ${i} against the cache key; **keep** what holds.\n\n`;
}

/** A long list and a long paragraph are committed in parts: they must still read as one. */
export async function longBlocksInParts(page: Page, results: string): Promise<void> {
  await send(page, { type: 'clear' }, { type: 'turnStart', turn: newTurn('parts', 'List everything', Date.now()) });
  let list = '';
  for (let i = 1; i <= 80; i++) list += `${i}. item number ${i} of a long list\n`;
  const paragraph = Array.from({ length: 120 }, (_, i) => `Sentence ${i} of one long paragraph goes on.`).join(' ');
  const text = list + '\n' + paragraph;
  for (let i = 0; i < text.length; i += 40) await send(page, { type: 'delta', id: 'parts', content: text.slice(i, i + 40) });
  await send(page, { type: 'turnUpdate', id: 'parts', patch: { state: 'done' } });
  const g = await page.evaluate(() => {
    const content = document.querySelector('[data-turn="parts"] [data-role="content"]')!;
    const items = Array.from(content.querySelectorAll('li'));
    const tops = items.map((li) => li.getBoundingClientRect().top);
    const gaps = tops.slice(1).map((t, i) => Math.round((t - tops[i]) * 10) / 10);
    const numbers = Array.from(content.querySelectorAll('ol')).map((ol) => Number(ol.getAttribute('start') ?? 1));
    const paras = Array.from(content.querySelectorAll('p'));
    return {
      items: items.length,
      lists: numbers.length,
      starts: numbers,
      gaps: [Math.min(...gaps), Math.max(...gaps)],
      parts: paras.length,
      sentences: (content.textContent ?? '').match(/Sentence \d+ of one long paragraph goes on\./g)?.length ?? 0,
    };
  });
  check('a long list streamed in parts keeps every item, numbered on, evenly spaced', g.items === 80 && g.lists > 1 && g.gaps[1] - g.gaps[0] < 1.5, g);
  check('a long paragraph streamed in parts keeps every sentence once', g.sentences === 120 && g.parts > 1, g);
  await page.locator('[data-turn="parts"] ol').nth(1).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(results, 'webview-long-blocks-in-parts.png') });
  const numbersRead = await page.evaluate(() => {
    const ols = Array.from(document.querySelectorAll('[data-turn="parts"] ol'));
    let expected = 1;
    for (const ol of ols) {
      if (Number(ol.getAttribute('start') ?? 1) !== expected) return false;
      expected += ol.querySelectorAll(':scope > li').length;
    }
    return true;
  });
  check('each part of the list starts where the previous one ended', numbersRead);
}

/** Reasoning that was cut off or redacted is said in words, not left to be guessed. */
export async function reasoningInWords(page: Page): Promise<void> {
  const now = Date.now();
  const cut: TurnState = { ...newTurn('cut', 'Think hard', now - 8000), state: 'cancelled', phase: 'thinking', reasoning: 'First I will look at', reasoningStartedAt: now - 7000 };
  const redacted: TurnState = { ...newTurn('red', 'Think in private', now - 8000), state: 'done', phase: 'answering', reasoning: '', reasoningRedacted: true, reasoningMs: 2100, content: 'Done.' };
  await send(page, { type: 'snapshot', turns: [cut, redacted], settings: { reasoningDisplay: 'auto' }, busy: false, now });
  const cutNote = await page.locator('[data-turn="cut"] .reasoning-note').innerText().catch(() => '');
  check('reasoning stopped by a cancel says it was cut off', /cut off/i.test(cutNote) && /cancel/i.test(cutNote), cutNote);
  const header = await page.locator('[data-turn="red"] .reasoning-header').innerText();
  await page.locator('[data-turn="red"] .reasoning-header').click();
  const redNote = await page.locator('[data-turn="red"] .reasoning-note').innerText();
  check('redacted reasoning is said in words in the header and the note', header === 'Thought for 2.1s · redacted' && /redacted by the provider/.test(redNote), { header, redNote });
}

export async function readingChecks(page: Page, results: string): Promise<void> {
  const now = Date.now();
  await send(page, { type: 'snapshot', turns: finishedTurns(8, now), settings: { reasoningDisplay: 'auto' }, busy: false, now });
  await send(page, { type: 'turnStart', turn: newTurn('live', 'Why does the cache never hit?', Date.now()) });
  await send(page, { type: 'turnUpdate', id: 'live', patch: { phase: 'thinking', reasoningStartedAt: Date.now() } });

  let followed = 0;
  let outside: unknown[] = [];
  for (let i = 0; i < 60; i++) {
    await send(page, { type: 'delta', id: 'live', reasoning: reasoningLine(i) });
    if (i >= 10 && i % 5 === 0) {
      const seen = await newestReasoningVisible(page, `Step ${i}:`);
      if (seen.ok) followed++;
      else outside.push({ i, ...seen });
    }
  }
  check('while thinking, the newest reasoning line is inside the pane and the viewport', outside.length === 0 && followed === 10, outside);
  const pane = await paneGeometry(page);
  check('the reasoning pane is bounded and scrolls on its own', pane.scrollHeight > pane.clientHeight * 2 && pane.clientHeight < 400, pane);
  check('the reasoning is markdown: bold renders as <strong>', (await page.locator('[data-turn="live"] .reasoning-text strong').count()) >= 60);
  await page.screenshot({ path: path.join(results, 'webview-reasoning-streaming.png') });

  await send(page, { type: 'tick', id: 'live', elapsedSec: 7 });
  check('the header shows the seconds of the host clock', (await page.locator('[data-turn="live"] .reasoning-header').innerText()) === 'Thinking… 7s');

  // The user scrolls up inside the pane: it stays where they put it.
  const box = await page.locator('[data-turn="live"] .reasoning-body').boundingBox();
  await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
  await page.mouse.wheel(0, -300);
  await page.waitForTimeout(100);
  const put = (await paneGeometry(page)).scrollTop;
  for (let i = 60; i < 70; i++) await send(page, { type: 'delta', id: 'live', reasoning: reasoningLine(i) });
  const after = await paneGeometry(page);
  check('after the user scrolls up in the pane, new reasoning leaves it where they put it', after.scrollTop === put && after.scrollTop < after.scrollHeight - after.clientHeight - 100, { put, after });
  await page.screenshot({ path: path.join(results, 'webview-reasoning-scrolled-up.png') });
  await page.mouse.wheel(0, 100_000);
  await page.waitForTimeout(100);
  await send(page, { type: 'delta', id: 'live', reasoning: reasoningLine(70) });
  check('scrolling back to the end of the pane follows the newest text again', (await newestReasoningVisible(page, 'Step 70:')).ok);

  // The document itself never scrolls, whatever the wheel does, wherever it is.
  for (const target of ['.transcript', '.composer', '[data-turn="live"] .reasoning-body']) {
    const b = await page.locator(target).first().boundingBox();
    await page.mouse.move(b!.x + 5, b!.y + 5);
    for (let k = 0; k < 5; k++) await page.mouse.wheel(0, 5000);
  }
  await page.keyboard.press('End');
  await page.waitForTimeout(150);
  const doc = await page.evaluate(() => ({
    scrollTop: document.scrollingElement!.scrollTop,
    scrollY: window.scrollY,
    docHeight: document.documentElement.scrollHeight,
    viewport: window.innerHeight,
  }));
  check('the document never scrolls and is no taller than the view', doc.scrollTop === 0 && doc.scrollY === 0 && doc.docHeight <= doc.viewport, doc);
  await composerInView(page, 'while streaming');

  // The answer starts: the auto display folds the reasoning to a one-line header.
  await send(page, { type: 'turnUpdate', id: 'live', patch: { phase: 'answering', reasoningMs: 12_400, metrics: { reasoningTokens: 812, ttftMs: 640, live: true } } });
  await send(page, { type: 'delta', id: 'live', content: 'The key includes `Date.now()`' });
  const header = page.locator('[data-turn="live"] .reasoning-header');
  const folded = await page.locator('[data-turn="live"] details[data-role="reasoning"]').evaluate((d) => ({
    open: (d as HTMLDetailsElement).open,
    height: d.getBoundingClientRect().height,
    line: parseFloat(getComputedStyle(d.querySelector('summary')!).lineHeight),
  }));
  check('once the answer starts the reasoning folds to one line', !folded.open && folded.height < folded.line * 2.5, folded);
  check('the folded header reads "Thought for 12.4s · 812 tokens"', (await header.innerText()) === 'Thought for 12.4s · 812 tokens', await header.innerText());
  check('the footer is live while streaming, without hovering', (await page.locator('[data-turn="live"] .turn-metrics').innerText()).includes('first token 0.6s'));
  await send(page, { type: 'step', id: 'live', step: { index: 0, text: '1. Look at the key', complete: true } }, { type: 'step', id: 'live', step: { index: 1, text: '2. **Check** the TTL\nmore', complete: true } });
  await header.click();
  const steps = await page.locator('[data-turn="live"] .reasoning-step').allInnerTexts();
  check('unfolded, the reasoning steps show as an outline', steps.join('|') === 'Look at the key|Check the TTL', steps);
  await header.click();

  await send(page, { type: 'delta', id: 'live', content: ', so it changes every call:\n\n' + CODE_ANSWER });
  await send(page, { type: 'turnUpdate', id: 'live', patch: { state: 'done', metrics: { ttftMs: 640, thinkingMs: 12_400, answerMs: 3100, tokensPerSecond: 48.2, outputTokens: 150, reasoningTokens: 812, cost: 0.0021, totalMs: 16_200 } } });
  const footer = await page.locator('[data-turn="live"] .turn-metrics').innerText();
  check('the final footer shows TTFT, thinking, answer, tok/s, tokens and cost', ['first token 0.6s', 'thinking 12.4s', 'answer 3.1s', '48.2 tok/s', '150 out', '812 reasoning', '$0.0021', '16.2s total'].every((p) => footer.includes(p)), footer);
  await codeBlockChecks(page);
  await turnActions(page);
  await composerInView(page, 'after the answer');
  await page.screenshot({ path: path.join(results, 'webview-finished-turn.png') });

  // A reload: the page starts empty and the host answers its ready with a snapshot.
  const turns = await currentTurns(now);
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await send(page, { type: 'snapshot', turns, settings: { reasoningDisplay: 'auto' }, busy: false, now: Date.now() });
  await settle(page);
  await page.waitForTimeout(200);
  const last = await page.locator('[data-turn="live"] .turn-footer').boundingBox();
  const viewport = page.viewportSize()!;
  check('after a reload the newest turn is drawn and in view', last !== null && last.y + last.height <= viewport.height && last.y >= 0, last);
  await composerInView(page, 'after a reload');
  await page.screenshot({ path: path.join(results, 'webview-after-reload.png') });
  await posted(page);
}

async function currentTurns(now: number): Promise<TurnState[]> {
  return [
    ...finishedTurns(8, now),
    {
      ...newTurn('live', 'Why does the cache never hit?', now),
      state: 'done',
      phase: 'answering',
      reasoning: Array.from({ length: 71 }, (_, i) => reasoningLine(i)).join(''),
      content: 'The key includes `Date.now()`, so it changes every call:\n\n' + CODE_ANSWER,
      reasoningMs: 12_400,
      metrics: { ttftMs: 640, thinkingMs: 12_400, answerMs: 3100, tokensPerSecond: 48.2, outputTokens: 150, reasoningTokens: 812, totalMs: 16_200 },
    },
  ];
}

async function newestReasoningVisible(page: Page, marker: string) {
  return page.evaluate((m) => {
    const body = document.querySelector<HTMLElement>('[data-turn="live"] .reasoning-body')!;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    let hit: Text | null = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n as Text).data.includes(m)) hit = n as Text;
    if (!hit) return { ok: false, why: 'not in the DOM' };
    const range = document.createRange();
    range.selectNodeContents(hit);
    const r = range.getBoundingClientRect();
    const pane = body.getBoundingClientRect();
    const inPane = r.top >= pane.top - 1 && r.bottom <= pane.bottom + 1;
    const inView = r.top >= 0 && r.bottom <= document.querySelector('.transcript')!.getBoundingClientRect().bottom + 1;
    return { ok: inPane && inView, why: { text: { top: r.top, bottom: r.bottom }, pane: { top: pane.top, bottom: pane.bottom } } };
  }, marker);
}

async function paneGeometry(page: Page) {
  return page.locator('[data-turn="live"] .reasoning-body').evaluate((el) => ({ scrollTop: el.scrollTop, scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }));
}

async function composerInView(page: Page, when: string): Promise<void> {
  const g = await page.evaluate(() => {
    const c = document.querySelector('.composer')!.getBoundingClientRect();
    const input = document.querySelector('.composer-input')!.getBoundingClientRect();
    const send = document.querySelector('.composer-send:not([hidden]), .composer-stop:not([hidden])')!.getBoundingClientRect();
    return { top: c.top, bottom: c.bottom, width: c.width, inputWidth: input.width, sendBottom: send.bottom, vh: window.innerHeight, vw: window.innerWidth };
  });
  check(`the composer (input and Send/Stop) is fully visible ${when}`, g.top >= 0 && g.bottom <= g.vh && g.sendBottom <= g.vh && g.width === g.vw && g.inputWidth >= g.vw - 30, g);
}

async function codeBlockChecks(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  const pre = page.locator('[data-turn="live"] [data-role="content"] pre').first();
  await pre.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-turn="live"] pre > code.hljs') !== null, undefined, { timeout: 5000 }).catch(() => undefined);
  const colours = await pre.locator('code').evaluate((code) => {
    const set = new Set<string>();
    for (const span of Array.from(code.querySelectorAll('span'))) set.add(getComputedStyle(span).color);
    set.add(getComputedStyle(code).color);
    return [...set];
  });
  check('code is highlighted: its tokens show in more than one colour', colours.length >= 3, colours);
  check('highlighting keeps the exact code text', ((await pre.locator('code').textContent()) ?? '').includes('for (const u of users) byId.set(u.id, u); // one pass'));
  const geometry = await pre.evaluate((el) => {
    const code = el.querySelector(':scope > code')!.getBoundingClientRect();
    return ['copyCode', 'insertCode', 'newFileWithCode'].map((a) => {
      const b = el.querySelector<HTMLElement>(`[data-action="${a}"]`);
      if (!b) return { a, ok: false };
      const r = b.getBoundingClientRect();
      const style = getComputedStyle(b);
      const ok = r.width > 0 && r.height > 0 && style.visibility === 'visible' && style.opacity === '1' && r.bottom <= code.top + 0.5;
      return { a, ok, r: { top: r.top, bottom: r.bottom }, codeTop: code.top, opacity: style.opacity };
    });
  });
  check('Copy, Insert and New File are visible without hover, above the code, not over it', geometry.every((g) => g.ok), geometry);
  await posted(page);
  await pre.locator('[data-action="insertCode"]').click();
  await pre.locator('[data-action="newFileWithCode"]').click();
  const msgs = await posted(page);
  const code = ((await pre.locator('code').textContent()) ?? '');
  check('Insert posts insertCode with the code and its language', msgs.some((m) => m.type === 'insertCode' && m.code === code && m.language === 'ts'), msgs);
  check('New File posts newFileWithCode with the code and its language', msgs.some((m) => m.type === 'newFileWithCode' && m.code === code && m.language === 'ts'), msgs);
}

async function turnActions(page: Page): Promise<void> {
  const turn = page.locator('[data-turn="live"]');
  await posted(page);
  await turn.locator('[data-action="copyAnswer"]').click();
  await turn.locator('[data-action="retry"]').click();
  await turn.locator('[data-action="editPrompt"]').click();
  const editor = turn.locator('.prompt-editor');
  check('Edit opens the question in a box with the caret in it', await editor.evaluate((el) => document.activeElement === el));
  await editor.fill('Why does the cache never hit with a TTL?');
  await page.keyboard.press('Enter');
  const msgs = await posted(page);
  check('Copy answer posts copyAnswer {id}', msgs.some((m) => m.type === 'copyAnswer' && m.id === 'live'), msgs);
  check('Retry on a finished turn posts retry {id}', msgs.some((m) => m.type === 'retry' && m.id === 'live'), msgs);
  check('Edit and Enter posts editAndResend with the new question', msgs.some((m) => m.type === 'editAndResend' && m.id === 'live' && m.prompt === 'Why does the cache never hit with a TTL?'), msgs);
  check('the question reads as before until the host sends the new turn', (await turn.locator('.prompt-text').innerText()) === 'Why does the cache never hit?');
}

export type { HostMessage };

// Every payload of the hostile corpus, rendered by the real chat bundle in Chromium as
// a turn's reasoning AND its answer: streamed in random-sized deltas, then all at once
// from a saved snapshot. A canary any payload would call, CSP violation events, console
// errors, dialogs and every network request are watched throughout. Per turn: it
// finished, the text shows as text, every element and attribute in the rendered
// markdown is one our own code writes, and the turn after it is intact and visible.
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { HostMessage, TurnState } from '../../src/protocol';
import { seededRandom } from '../support/chunking';
import { loadCorpus, type HostilePayload } from './hostile/corpus';
import { check, send, settle, type PageGlobals } from './tools';

interface TurnAudit {
  id: string;
  after: string;
  shows: string[];
}

const SETTINGS = { reasoningDisplay: 'expanded' } as const;

export async function hostileCorpus(context: BrowserContext, origin: string, results: string): Promise<void> {
  const corpus = loadCorpus();
  console.log(`       hostile corpus: ${corpus.length} payloads`);
  const page = await context.newPage();
  await page.setViewportSize({ width: 440, height: 900 });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  const own = new Set(['/', '/dist/webview.js', '/dist/highlight.js', '/media/chat.css', '/harness/fake-vscode.js', '/harness/theme.css']);
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin && own.has(url.pathname)) return route.continue();
    requests.push(url.href);
    return route.abort();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  try {
    await page.goto(`${origin}/?theme=vscode-dark`);
    await page.waitForFunction(() => (window as unknown as PageGlobals).__posted.some((m) => m.type === 'ready'));
    await send(page, { type: 'settings', settings: SETTINGS });

    await streamed(page, corpus);
    await fromSnapshot(page, corpus, results);
    await renderFailure(page);

    const pwned = await page.evaluate(() => (window as unknown as PageGlobals).__pwned);
    check('hostile corpus: the canary was never called, no dialog opened', pwned === undefined && dialogs.length === 0, { pwned, dialogs });
    const csp = await page.evaluate(() => (window as unknown as PageGlobals).__cspViolations);
    check('hostile corpus: no CSP violation (nothing of the model reached an HTML parser as markup)', csp.length === 0, csp);
    check('hostile corpus: no request beyond the page and its own assets', requests.length === 0, requests.slice(0, 10));
    check('hostile corpus: no console error, no page error', consoleErrors.length === 0 && pageErrors.length === 0, { consoleErrors: consoleErrors.slice(0, 5), pageErrors });
  } finally {
    await page.close();
  }
}

async function streamed(page: Page, corpus: HostilePayload[]): Promise<void> {
  const random = seededRandom(6);
  for (const [i, payload] of corpus.entries()) {
    const id = `h${i}`;
    await send(page, { type: 'turnStart', turn: turn(id, payload, 'streaming', '', '') });
    for (const field of ['reasoning', 'content'] as const) await streamRandomly(page, id, field, payload.text, random);
    await send(page, { type: 'turnUpdate', id, patch: { state: 'done', phase: 'answering' } });
    await send(page, { type: 'turnStart', turn: sentinel(i, 'streaming') }, { type: 'turnUpdate', id: `s${i}`, patch: { state: 'done' } });
    const problems = await audit(page, { id, after: `s${i}`, shows: payload.shows });
    check(`hostile, streamed: ${payload.kind} ${payload.id}`, problems.length === 0, problems);
    // Ten turns at a time keep the page small; the snapshot below holds them all.
    if (i % 10 === 9) await send(page, { type: 'clear' });
  }
  await send(page, { type: 'clear' });
}

async function fromSnapshot(page: Page, corpus: HostilePayload[], results: string): Promise<void> {
  const turns = corpus.flatMap((p, i) => [turn(`h${i}`, p, 'done', p.text, p.text), sentinel(i, 'done')]);
  await send(page, { type: 'snapshot', turns, settings: SETTINGS, busy: false, now: Date.now() });
  await page.waitForFunction((n) => document.querySelectorAll('article[data-turn]').length === n, turns.length);
  await quiet(page);
  for (const [i, payload] of corpus.entries()) {
    const problems = await audit(page, { id: `h${i}`, after: `s${i}`, shows: payload.shows });
    check(`hostile, from a snapshot: ${payload.kind} ${payload.id}`, problems.length === 0, problems);
  }
  const busy = await page.isVisible('.composer-stop');
  check('hostile corpus: after the snapshot the composer offers Send, not Stop', !busy && (await page.isVisible('.composer-send')));
  const shots = new Set(['issue-kbd-span', 'issue-code-img', 'issue-scr-script', 'span-turn-error-role', 'quote-bomb', 'table-wide']);
  for (const [i, payload] of corpus.entries()) {
    if (!shots.has(payload.id)) continue;
    const article = page.locator(`article[data-turn="h${i}"]`);
    const file = path.join(results, `webview-hostile-${payload.id}.png`);
    // A nesting bomb's turn is tens of thousands of pixels tall: its first screen says enough.
    await article.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await settle(page);
    const box = await article.boundingBox();
    if (box && box.height > 1200) await page.screenshot({ path: file });
    else await article.screenshot({ path: file });
  }
}

const FAULTY = 'Before **bold**.\n\nFAULT-INJECTED **block** <b>x</b>\n\nAfter **bold**.';

/**
 * A renderer exception, injected into the real bundle by making the sanitized
 * fragment of one block throw when it is decorated: that block alone shows as its
 * source text, the turn still finishes, and a snapshot still draws the turns around it.
 */
async function renderFailure(page: Page): Promise<void> {
  await send(page, { type: 'clear' });
  await page.evaluate(() => {
    const original = DocumentFragment.prototype.querySelectorAll;
    (window as unknown as { __restore(): void }).__restore = () => (DocumentFragment.prototype.querySelectorAll = original);
    DocumentFragment.prototype.querySelectorAll = function (this: DocumentFragment, selectors: string) {
      if (this.textContent?.includes('FAULT-INJECTED')) throw new Error('injected render failure');
      return original.call(this, selectors);
    } as typeof original;
  });
  try {
    const faulty: HostilePayload = { id: 'render-failure', kind: 'fault', text: FAULTY, shows: [] };
    await send(page, { type: 'turnStart', turn: turn('f0', faulty, 'streaming', '', '') });
    await streamRandomly(page, 'f0', 'content', FAULTY, seededRandom(7));
    await send(page, { type: 'turnUpdate', id: 'f0', patch: { state: 'done', phase: 'answering' } });
    const live = await failedBlock(page, 'f0');
    check('a block whose rendering throws shows its source as text; the blocks around it still render', live.ok, live);
    check('a turn whose rendering throws still finishes, and Send is back', (await page.getAttribute('article[data-turn="f0"]', 'data-state')) === 'done' && (await page.isVisible('.composer-send')));

    const turns = [sentinel(0, 'done'), turn('f1', faulty, 'done', FAULTY, FAULTY), sentinel(1, 'done')];
    await send(page, { type: 'snapshot', turns, settings: SETTINGS, busy: false, now: Date.now() });
    await quiet(page);
    const saved = await failedBlock(page, 'f1');
    const order = await page.evaluate(() => Array.from(document.querySelectorAll('article[data-turn]'), (a) => (a as HTMLElement).dataset.turn));
    const after = await audit(page, { id: 'f1', after: 's1', shows: ['Before bold', 'FAULT-INJECTED **block** <b>x</b>', 'After bold'] });
    const first = await page.locator('article[data-turn="s0"] [data-role="content"]').innerText();
    check('a saved turn whose rendering throws hides neither itself nor the turns before and after it', saved.ok && order.join() === 's0,f1,s1' && after.length === 0 && first.includes('Sentinel answer 0 is intact.'), { saved, order, after, first });
  } finally {
    await page.evaluate(() => (window as unknown as { __restore(): void }).__restore());
  }
}

async function failedBlock(page: Page, id: string): Promise<{ ok: boolean; raw: string[]; strong: number }> {
  return page.evaluate((turnId) => {
    const content = document.querySelector(`article[data-turn="${turnId}"] [data-role="content"]`)!;
    const raw = Array.from(content.querySelectorAll('.md-raw'), (p) => p.textContent ?? '');
    const strong = content.querySelectorAll('strong').length;
    const ok = raw.length === 1 && raw[0].trim() === 'FAULT-INJECTED **block** <b>x</b>' && strong === 2 && !content.querySelector('b');
    return { ok, raw, strong };
  }, id);
}

/** Sends `text` as deltas of 1 to len/20 characters, a random number of them per frame. */
async function streamRandomly(page: Page, id: string, field: 'reasoning' | 'content', text: string, random: () => number): Promise<void> {
  const max = Math.max(24, Math.ceil(text.length / 20));
  let batch: HostMessage[] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + Math.floor(random() * max);
    batch.push({ type: 'delta', id, [field]: text.slice(i, i + size) });
    i += size;
    if (batch.length > random() * 6) {
      await send(page, ...batch);
      batch = [];
    }
  }
  if (batch.length > 0) await send(page, ...batch);
}

/** Waits until the view has stopped changing: a snapshot is drawn over several frames. */
async function quiet(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let timer = setTimeout(done, 400);
        const observer = new MutationObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(done, 400);
        });
        function done() {
          observer.disconnect();
          resolve();
        }
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      }),
  );
}

function turn(id: string, payload: HostilePayload, state: TurnState['state'], reasoning: string, content: string): TurnState {
  return {
    id,
    prompt: `Render payload ${payload.id}`,
    provider: 'Hostile',
    model: 'corpus',
    state,
    phase: state === 'streaming' ? 'waiting' : 'answering',
    reasoning,
    content,
    startedAt: Date.now(),
    reasoningMs: state === 'done' ? 1000 : undefined,
  };
}

function sentinel(i: number, state: TurnState['state']): TurnState {
  return {
    id: `s${i}`,
    prompt: `The question after payload ${i}`,
    provider: 'Safe',
    model: 'sentinel',
    state,
    phase: 'answering',
    reasoning: '',
    content: `Sentinel answer ${i} is **intact**.`,
    startedAt: Date.now(),
  };
}

function audit(page: Page, args: TurnAudit): Promise<string[]> {
  return page.evaluate(auditInPage, args);
}

// Runs in the page; everything it uses is inside it.
function auditInPage({ id, after, shows }: TurnAudit): string[] {
  const problems: string[] = [];
  const article = document.querySelector<HTMLElement>(`article[data-turn="${id}"]`);
  if (!article) return [`turn ${id} missing`];
  if (article.dataset.state !== 'done') problems.push(`turn state ${article.dataset.state}`);
  if (article.querySelector('[data-turn], article, .turn-status, [role="alert"]')) problems.push('turn chrome inside the turn');

  const CLASS = /^(?:md-(?:block|group|raw|image|task|task-done|task-open|cont-(?:list|paragraph)|open-(?:list|paragraph))|language-[\w+#.-]+|hljs(?:-[\w-]+)?|code-(?:toolbar|lang|action|chunk)|secondary)$/;
  const TAGS = new Set(['DIV', 'P', 'BR', 'HR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'STRONG', 'EM', 'DEL', 'CODE', 'PRE', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'A', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'SPAN', 'BUTTON']);
  const ACTIONS = new Set(['copyCode', 'insertCode', 'newFileWithCode']);
  const allowed = (el: Element, name: string, value: string): boolean => {
    switch (name) {
      case 'class':
        return value.split(/\s+/).every((c) => CLASS.test(c));
      case 'data-block':
        return el.classList.contains('md-block') && (value === 'done' || value === 'tail');
      case 'data-action':
        return el.tagName === 'BUTTON' && ACTIONS.has(value);
      case 'type':
        return el.tagName === 'BUTTON' && value === 'button';
      case 'role':
        return (value === 'img' && el.classList.contains('md-task')) || (value === 'toolbar' && el.classList.contains('code-toolbar'));
      case 'aria-label':
        return el.classList.contains('md-task') || el.classList.contains('code-toolbar') || el.tagName === 'BUTTON';
      case 'href':
        return el.tagName === 'A' && /^(?:https?:|mailto:)/i.test(value);
      case 'target':
        return el.tagName === 'A' && value === '_blank';
      case 'rel':
        return el.tagName === 'A' && value === 'noopener noreferrer';
      case 'title':
        return (el.tagName === 'A' && value === el.getAttribute('href')) || el.tagName === 'BUTTON';
      case 'align':
        return (el.tagName === 'TH' || el.tagName === 'TD') && /^(?:left|center|right)$/.test(value);
      case 'start':
        return el.tagName === 'OL' && /^\d+$/.test(value);
      default:
        return false;
    }
  };
  const regions: [string, Element | null][] = [
    ['answer', article.querySelector('[data-role="content"]')],
    ['reasoning', article.querySelector('[data-role="reasoning"] .reasoning-text')],
  ];
  for (const [where, root] of regions) {
    if (!root) {
      problems.push(`${where}: no rendered markdown`);
      continue;
    }
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (!TAGS.has(el.tagName)) problems.push(`${where}: <${el.tagName.toLowerCase()}>`);
      if (el.tagName === 'BUTTON' && !el.closest('.code-toolbar')) problems.push(`${where}: a button outside a code toolbar`);
      for (const a of Array.from(el.attributes)) {
        if (!allowed(el, a.name, a.value)) problems.push(`${where}: <${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 40)}">`);
      }
    }
    const copy = root.cloneNode(true) as Element;
    copy.querySelectorAll('.code-toolbar').forEach((bar) => bar.remove());
    const text = (copy.textContent ?? '').replace(/\s+/g, ' ');
    for (const fragment of shows) {
      if (!text.includes(fragment.replace(/\s+/g, ' '))) problems.push(`${where}: does not show ${JSON.stringify(fragment.slice(0, 60))}`);
    }
    const box = root.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) problems.push(`${where}: takes no space`);
  }

  const next = document.querySelector<HTMLElement>(`article[data-turn="${after}"]`);
  if (!next) return [...problems, 'the turn after it is missing'];
  if (next.previousElementSibling !== article) problems.push('the turn after it is not right after it');
  const answer = next.querySelector<HTMLElement>('[data-role="content"]');
  if ((answer?.textContent ?? '').replace(/\s+/g, ' ').trim() !== `Sentinel answer ${after.slice(1)} is intact.` || !answer?.querySelector('strong')) {
    problems.push(`the turn after it reads ${JSON.stringify(answer?.textContent?.slice(0, 80))}`);
  }
  next.scrollIntoView({ block: 'center' });
  const rect = answer?.getBoundingClientRect();
  const hit = rect ? document.elementFromPoint(rect.left + Math.min(20, rect.width / 2), rect.top + rect.height / 2) : null;
  if (!rect || rect.height === 0 || !next.checkVisibility() || !hit || !next.contains(hit)) problems.push('the turn after it is not visible on screen');
  return problems;
}

// What a person sees in the real workbench, checked as geometry and pixels' colours
// rather than DOM text: the newest reasoning in sight while the model thinks, a page
// that never scrolls away, the header folded once the answer starts, highlighted
// code, Insert at Cursor changing a real editor, the history bringing a conversation
// back, both chats surviving a window reload, and the transcript refilled after one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { runCommand, waitForEditorText } from '../browser';
import type { ScenarioContext } from '../scenario';
import { openChatFromActivityBar, runCommandOnceListed } from './lib/workbench';
import { assert, chatFrame, newChat, pacedTranscript, turn, waitForText, waitForTurnState } from './lib/chat';

const QUESTION = 'How does this debounce helper behave when called rapidly?';

interface TailGeometry {
  /** The newest reasoning character's box, in the webview's own coordinates. */
  tail: { top: number; bottom: number };
  pane: { top: number; bottom: number };
  viewport: number;
  scrollTop: number;
  chars: number;
}

/** Runs in the webview: where the last reasoning character is drawn, against its pane and the view. */
function tailGeometry(): TailGeometry | null {
  const turns = document.querySelectorAll('[data-turn]');
  const pane = turns[turns.length - 1]?.querySelector('[data-role="reasoning"] .reasoning-body') as HTMLElement | null;
  if (!pane) return null;
  const walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
  let last: Text | null = null;
  let chars = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    chars += t.data.length;
    if (t.data.trim()) last = t;
  }
  if (!last) return null;
  const end = last.data.trimEnd().length;
  const range = document.createRange();
  range.setStart(last, Math.max(0, end - 1));
  range.setEnd(last, end);
  const r = range.getBoundingClientRect();
  const p = pane.getBoundingClientRect();
  return { tail: { top: r.top, bottom: r.bottom }, pane: { top: p.top, bottom: p.bottom }, viewport: window.innerHeight, scrollTop: pane.scrollTop, chars };
}

async function assertTailInSight(page: Page, frame: Frame, when: string): Promise<TailGeometry> {
  const g = await frame.evaluate(tailGeometry);
  assert(g, `${when}: no reasoning text in the pane`);
  assert(g.tail.bottom > g.tail.top, `${when}: the newest reasoning character has no box`);
  assert(g.tail.top >= g.pane.top - 1 && g.tail.bottom <= g.pane.bottom + 1, `${when}: the newest reasoning (${JSON.stringify(g.tail)}) is outside the visible part of its pane (${JSON.stringify(g.pane)})`);
  assert(g.tail.top >= 0 && g.tail.bottom <= g.viewport + 1, `${when}: the newest reasoning (${JSON.stringify(g.tail)}) is outside the view (height ${g.viewport})`);
  // And the view itself is on screen: its frame lies inside the browser's viewport.
  const box = await (await frame.frameElement()).boundingBox();
  const screen = page.viewportSize();
  assert(box && screen && box.y >= 0 && box.y + g.tail.bottom <= screen.height + 1, `${when}: the chat view is not on screen (${JSON.stringify(box)})`);
  return g;
}

/** Runs in the webview: the page's own scroll and whether the question box is wholly in view. */
function pageScroll(): { scrollTop: number; composerInView: boolean; docHeight: number; viewport: number } {
  const input = document.querySelector('.composer-input') as HTMLElement | null;
  const r = input?.getBoundingClientRect();
  return {
    scrollTop: document.scrollingElement?.scrollTop ?? -1,
    composerInView: !!r && r.top >= 0 && r.bottom <= window.innerHeight + 0.5 && r.height > 0,
    docHeight: document.scrollingElement?.scrollHeight ?? -1,
    viewport: window.innerHeight,
  };
}

export async function reasoningFollowsAndFolds(ctx: ScenarioContext): Promise<void> {
  const { page, fake, step, screenshot } = ctx;
  await step('start clean', async () => {
    await openChatFromActivityBar(page);
    await runCommandOnceListed(page, 'View: Close All Editors');
    await runCommandOnceListed(page, 'Thinkstream: New Chat');
    const frame = await chatFrame(page);
    await frame.waitForFunction(() => document.querySelectorAll('[data-turn]').length === 0);
  });
  fake.enqueue(pacedTranscript(10));
  const frame = await chatFrame(page);
  await step('ask a question with a long reasoning in the chat\'s question box', async () => {
    await frame.locator('.composer-input').fill(QUESTION);
    await frame.locator('.composer-input').press('Enter');
    await turn(frame, 0).waitFor({ state: 'attached' });
  });

  await step('while the model thinks, its newest reasoning is inside the pane and the view', async () => {
    await waitForText(frame, 0, 'reasoning', 1200);
    const early = await assertTailInSight(page, frame, 'at ~1.2k reasoning characters');
    await screenshot('e2e-reasoning-follows-early');
    await waitForText(frame, 0, 'reasoning', early.chars + 1500);
    const later = await assertTailInSight(page, frame, 'at ~2.7k reasoning characters');
    assert(later.scrollTop > early.scrollTop, `the pane did not move with the text (scrollTop ${early.scrollTop} → ${later.scrollTop})`);
    assert((await turn(frame, 0).getAttribute('data-state')) === 'streaming', 'the turn finished before the check');
    await screenshot('e2e-reasoning-follows');
  });

  await step('wheel anywhere in the chat: the document never scrolls and the question box stays in view', async () => {
    const box = await (await frame.frameElement()).boundingBox();
    assert(box, 'the chat view has no box');
    const spots = [
      { x: box.x + box.width / 2, y: box.y + box.height / 3 },
      { x: box.x + box.width / 2, y: box.y + box.height - 20 },
      { x: box.x + 10, y: box.y + 40 },
    ];
    for (const spot of spots) {
      await page.mouse.move(spot.x, spot.y);
      for (const dy of [2000, 2000, -500, 4000]) {
        await page.mouse.wheel(0, dy);
        await page.waitForTimeout(60);
        const s = await frame.evaluate(pageScroll);
        assert(s.scrollTop === 0, `the document scrolled to ${s.scrollTop} after a wheel of ${dy} at ${JSON.stringify(spot)}`);
        assert(s.composerInView, `the question box left the view after a wheel of ${dy}`);
        assert(s.docHeight <= s.viewport + 1, `the document (${s.docHeight}px) is taller than the view (${s.viewport}px)`);
      }
    }
    await screenshot('e2e-no-document-scroll');
  });

  await step('once the answer starts, the reasoning folds to a one-line "Thought for" header', async () => {
    await waitForText(frame, 0, 'content', 40, 60_000);
    const header = await frame.waitForFunction(
      () => {
        const details = document.querySelector('[data-turn] [data-role="reasoning"]') as HTMLDetailsElement | null;
        const summary = details?.querySelector('summary');
        if (!details || !summary || details.open) return null;
        const lineHeight = parseFloat(getComputedStyle(summary).lineHeight) || 20;
        return { text: summary.textContent ?? '', height: summary.getBoundingClientRect().height, lineHeight };
      },
      undefined,
      { timeout: 10_000 },
    );
    const h = (await header.jsonValue())!;
    assert(/^Thought for \d+(\.\d)?\s?(s|m)/.test(h.text), `the folded header reads "${h.text}"`);
    assert(h.height > 0 && h.height < h.lineHeight * 2, `the header is ${h.height}px tall, more than one line of ${h.lineHeight}px`);
    const bodyShown = await frame.evaluate(() => {
      const body = document.querySelector('[data-turn] [data-role="reasoning"] .reasoning-body') as HTMLElement | null;
      return !!body && body.getBoundingClientRect().height > 0 && body.checkVisibility();
    });
    assert(!bodyShown, 'the folded reasoning still takes up room');
    await screenshot('e2e-reasoning-folded');
  });

  await step('the answer\'s code is highlighted in more than one colour', async () => {
    await waitForTurnState(frame, 0, 'done', 60_000);
    // The block with a language the model named (a plain diagram block stays one colour).
    const colours = await frame.evaluate(() => {
      const code = document.querySelector('[data-turn] [data-role="content"] pre code[class*="language-ts"], [data-turn] [data-role="content"] pre code[class*="language-typescript"]');
      if (!code) return [];
      code.scrollIntoView({ block: 'center' });
      const seen = new Set<string>();
      seen.add(getComputedStyle(code).color);
      for (const span of Array.from(code.querySelectorAll('span'))) if ((span.textContent ?? '').trim()) seen.add(getComputedStyle(span).color);
      return [...seen];
    });
    assert(colours.length >= 3, `the code shows ${colours.length} colour(s): ${colours.join(', ')}`);
    const actions = await frame.evaluate(() => {
      const pre = document.querySelector('[data-turn] [data-role="content"] pre');
      return ['copyCode', 'insertCode', 'newFileWithCode'].map((a) => {
        const b = pre?.parentElement?.querySelector(`[data-action="${a}"]`) ?? pre?.querySelector(`[data-action="${a}"]`);
        const r = b?.getBoundingClientRect();
        return { a, visible: !!b && !!r && r.width > 0 && r.height > 0 && getComputedStyle(b).visibility !== 'hidden' && getComputedStyle(b).opacity !== '0' };
      });
    });
    for (const { a, visible } of actions) assert(visible, `the ${a} button is not visible without hovering`);
    await screenshot('e2e-code-highlighted');
  });
}

export async function insertAtCursor(ctx: ScenarioContext): Promise<void> {
  const { page, step, screenshot } = ctx;
  await step('open src/math.ts and put the cursor at its end', async () => {
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input.input').waitFor({ state: 'visible' });
    await page.keyboard.type('math.ts');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'math.ts' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'math.ts' }).waitFor({ state: 'visible' });
    await waitForEditorText(page, 'export function mean');
    await page.keyboard.press('Control+End');
  });

  const frame = await chatFrame(page);
  const before = await settledEditorText(page);
  await step('Insert at Cursor on the answer\'s first code block changes the editor', async () => {
    await waitForTurnState(frame, 0, 'done');
    const code = (await turn(frame, 0).locator('[data-role="content"] pre code').first().textContent()) ?? '';
    assert(code.includes('debounce'), `the first code block is "${code.slice(0, 60)}"`);
    await turn(frame, 0).locator('[data-action="insertCode"]').first().click();
    await waitForEditorText(page, 'function debounce');
    const after = await editorText(page);
    assert(after.includes('export function mean') && after.includes('function debounce'), 'the code did not land beside the file\'s own text');
    await screenshot('e2e-insert-at-cursor');
  });

  await step('one undo restores the file', async () => {
    await page.locator('.editor-group-container.active .view-lines').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Z');
    await page.waitForFunction(
      () => !(document.querySelector('.editor-group-container.active .view-lines')?.textContent ?? '').includes('function debounce'),
      undefined,
      { timeout: 5000 },
    );
    // Monaco removes and re-lays out line nodes over a few frames after an
    // edit, so a single read can catch a line that is already gone from the model.
    const restored = await settledEditorText(page, before);
    assert(restored === before, `after one undo the editor shows ${JSON.stringify(restored)}, not ${JSON.stringify(before)}`);
  });

  await step('Open in New Editor opens the block in an untitled TypeScript editor', async () => {
    await turn(frame, 0).locator('[data-action="newFileWithCode"]').first().click();
    // An untitled tab is named after its first line, with "Untitled-N" beside it.
    await page.locator('.tab.active', { hasText: /Untitled-\d+/ }).waitFor({ state: 'visible' });
    await waitForEditorText(page, 'debounce');
    await page.locator('.part.statusbar [id="status.editor.mode"]', { hasText: 'TypeScript' }).waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot('e2e-new-file-with-code');
    await runCommand(page, 'View: Revert and Close Editor');
  });

  await step('opening a TypeScript file raised no error notification', async () => {
    await runCommand(page, 'Notifications: Show Notifications');
    const items = await page.locator('.notifications-center .notification-list-item').allTextContents();
    // The demo's trap: the built-in TypeScript support finding no tsserver.
    const bad = items.filter((t) => /tsserver|TypeScript/i.test(t));
    assert(bad.length === 0, `notifications after opening math.ts: ${JSON.stringify(bad)}`);
    await runCommand(page, 'Notifications: Hide Notifications');
  });
}

export async function newChatThenHistory(ctx: ScenarioContext): Promise<void> {
  const { page, step, screenshot } = ctx;
  await step('New Chat empties the view', async () => {
    await newChat(page);
  });

  await step('Show History lists the earlier conversation by its question; choosing it brings it back', async () => {
    await runCommand(page, 'Thinkstream: Show History');
    const widget = page.locator('.quick-input-widget');
    const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: QUESTION });
    await row.first().waitFor({ state: 'visible' });
    const text = (await row.first().textContent()) ?? '';
    assert(/\d+ turns?/.test(text), `the history row reads "${text}"`);
    await screenshot('e2e-history-list');
    await row.first().click();
    await widget.waitFor({ state: 'hidden' });
    const frame = await chatFrame(page);
    await frame.locator('[data-turn] .prompt-text', { hasText: QUESTION }).first().waitFor({ state: 'visible' });
    await waitForTurnState(frame, 0, 'done');
    const answer = await turn(frame, 0).locator('[data-role="content"]').textContent();
    assert((answer ?? '').includes('debounce'), 'the reopened turn has no answer');
    await screenshot('e2e-history-reopened');
  });
}

export async function focusCommandPutsCaretInQuestionBox(ctx: ScenarioContext): Promise<void> {
  const { page, step } = ctx;
  await step('View: Focus on the chat view puts the caret in the question box', async () => {
    // Start from the editor, as a user who reaches for the chat would.
    await page.locator('.editor-group-container.active .view-lines').click({ position: { x: 200, y: 150 } });
    await runCommand(page, 'Thinkstream: Focus on Chat View');
    const frame = await chatFrame(page);
    await frame.waitForFunction(() => document.activeElement?.classList.contains('composer-input') === true && document.hasFocus(), undefined, { timeout: 5000 });
    await page.keyboard.type('typed after focus');
    const value = await frame.locator('.composer-input').inputValue();
    assert(value.endsWith('typed after focus'), `the question box holds "${value}"`);
    await frame.locator('.composer-input').fill('');
  });
}

export async function reloadBringsBackBothChats(ctx: ScenarioContext): Promise<void> {
  const { page, step, screenshot } = ctx;
  await step('open the chat in an editor tab beside the side bar', async () => {
    await runCommand(page, 'Thinkstream: Open Chat in Editor');
    await page.locator('.tab', { hasText: 'Thinkstream Chat' }).waitFor({ state: 'visible' });
    await waitForChats(page, 2);
  });

  await step('reload the window', async () => {
    // As a user does: the workbench saves its layout on the way out.
    await reloadWindow(page);
  });

  await step('the side-bar chat and the editor-tab chat both come back with the conversation', async () => {
    await page.locator('.tab', { hasText: 'Thinkstream Chat' }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.part.sidebar .composite.title', { hasText: /thinkstream/i }).waitFor({ state: 'visible' });
    // The editor tab's webview is only drawn while its tab is showing.
    await page.locator('.tab', { hasText: 'Thinkstream Chat' }).click();
    const frames = await waitForChats(page, 2);
    for (const f of frames) {
      const state = await f.locator('[data-turn]').first().getAttribute('data-state');
      assert(state === 'done', `a restored chat shows the turn as ${state}`);
      // The highlighter loads afresh in each restored webview; the code gets its colours back.
      await f.waitForFunction(() => {
        const named = document.querySelectorAll('[data-turn] pre code[class*="language-"]');
        return named.length > 0 && Array.from(named).every((c) => c.classList.contains('hljs'));
      }, undefined, { timeout: 10_000 });
    }
    await screenshot('e2e-reload-both-chats');
  });

  await step('the Thinkstream output channel says where the conversation is', async () => {
    await runCommand(page, 'Thinkstream: Show Output');
    // Mirroring is off by default (any extension can read an output channel), so
    // after a reload the channel names the setting rather than holding the chat.
    await page.locator('.part.panel .view-lines', { hasText: spaced('The transcript is off.') }).waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot('e2e-reload-transcript');
    await runCommand(page, 'View: Hide Panel');
  });

  const settingsFile = path.join(ctx.workspace, '.vscode', 'settings.json');
  try {
    await step('with the mirror turned on, a reload refills the output channel with the conversation', async () => {
      fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
      fs.writeFileSync(settingsFile, JSON.stringify({ 'thinkstream.outputChannel.mirror': 'answer' }));
      // The workbench reads the workspace's settings file once it sees it change.
      await page.waitForTimeout(1500);
      await reloadWindow(page);
      await runCommand(page, 'Thinkstream: Show Output');
      // The channel shows its end: the restored answer's last sentence and its summary
      // line, which only the restore after the reload can have written there.
      const output = page.locator('.part.panel .view-lines');
      await output.filter({ hasText: spaced('The core logic of the original is correct') }).waitFor({ state: 'visible', timeout: 10_000 });
      await output.filter({ hasText: /──\sdone\s·.*\stotal\s──/ }).waitFor({ state: 'visible', timeout: 5_000 });
      await screenshot('e2e-reload-transcript-mirrored');
    });
  } finally {
    fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true });
    await runCommand(page, 'View: Hide Panel').catch(() => undefined);
    await runCommand(page, 'View: Close All Editors').catch(() => undefined);
  }
}

/**
 * Runs Reload Window and waits for the new page's workbench. A mark left on the old
 * page tells the two apart; waiting for the load event could miss one that fired
 * before the command returned.
 */
async function reloadWindow(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __beforeReload?: boolean }).__beforeReload = true));
  await runCommand(page, 'Developer: Reload Window');
  await page.waitForFunction(
    () => !(window as unknown as { __beforeReload?: boolean }).__beforeReload && !!document.querySelector('.monaco-workbench .part.statusbar'),
    undefined,
    { timeout: 60_000, polling: 250 },
  );
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
}

/** Chat webviews whose transcript shows the conversation's question. */
async function waitForChats(page: Page, count: number, timeout = 30_000): Promise<Frame[]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found: Frame[] = [];
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const has = await frame
        .evaluate((q) => Array.from(document.querySelectorAll('[data-turn] .prompt-text')).some((e) => e.textContent === q), QUESTION)
        .catch(() => false);
      if (has) found.push(frame);
    }
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`${found.length} chat view(s) show the conversation, not ${count}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Monaco draws spaces as U+00A0: match either. */
function spaced(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ \\u00a0]'));
}

/** The editor's text once it reads `expected`, or once two reads 150 ms apart agree (at most 5 s). */
async function settledEditorText(page: Page, expected?: string): Promise<string> {
  const end = Date.now() + 5000;
  let last = await editorText(page);
  while (Date.now() < end) {
    if (last === expected) return last;
    await page.waitForTimeout(150);
    const next = await editorText(page);
    if (expected === undefined && next === last) return next;
    last = next;
  }
  return last;
}

async function editorText(page: Page): Promise<string> {
  const text = await page.locator('.editor-group-container.active .view-lines').evaluate((el) => {
    const lines = Array.from(el.querySelectorAll('.view-line')) as HTMLElement[];
    lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return lines.map((l) => l.textContent ?? '').join('\n');
  });
  return text.replace(/\u00a0/g, ' ');
}

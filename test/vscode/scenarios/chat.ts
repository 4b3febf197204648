// The chat as a user meets it: asking from the palette, explaining a selection from
// the editor's context menu, cancelling from the status bar, and provider errors.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openAiError } from '../../support/fakeProvider';
import { runCommand, waitForEditorText } from '../browser';
import type { ScenarioContext } from '../scenario';
import {
  askFromPalette,
  assert,
  chatFrame,
  clearNotifications,
  clickMenuItem,
  idleStatus,
  newChat,
  pacedTranscript,
  spinner,
  showNotification,
  textOf,
  turn,
  waitForText,
  waitForTurnState,
} from './lib/chat';

// The realistic transcript's full reasoning is this long; less means a partial one.
const FULL_REASONING_CHARS = 4600;

/** No editor (so no selection rides along with a question) and no earlier turns. */
async function startClean({ page, step }: ScenarioContext): Promise<void> {
  await step('start clean: close editors, new chat, clear notifications', async () => {
    await runCommand(page, 'View: Close All Editors');
    await newChat(page);
    await clearNotifications(page);
  });
}

export async function askModel(ctx: ScenarioContext): Promise<void> {
  const { page, fake, step, screenshot } = ctx;
  await startClean(ctx);
  await step('show the Explorer in the side bar', async () => {
    await runCommand(page, 'View: Show Explorer');
    await page.locator('.part.sidebar .composite.title', { hasText: /explorer/i }).waitFor({ state: 'visible' });
  });

  fake.enqueue(pacedTranscript(5));
  const question = 'What does this debounce helper do, and is anything wrong with it?';
  await step('ask from the palette', () => askFromPalette(page, question));

  const frame = await step('the chat opens in the side bar with the new turn', async () => {
    await page.locator('.part.sidebar .composite.title', { hasText: /thinkstream/i }).waitFor({ state: 'visible' });
    const frame = await chatFrame(page);
    await turn(frame, 0).waitFor({ state: 'attached' });
    const prompt = await turn(frame, 0).locator('.prompt-text').textContent();
    assert(prompt === question, `the turn shows the prompt "${prompt}"`);
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    const view = await (await frame.frameElement()).boundingBox();
    assert(sidebar && view, 'the side bar or the chat view has no box');
    // Webviews are laid over the workbench rather than inside its DOM, so "in the side bar" is a matter of geometry.
    const inside = view.x >= sidebar.x - 1 && view.x + view.width <= sidebar.x + sidebar.width + 1 && view.height > 100;
    assert(inside, `the chat view (${JSON.stringify(view)}) is not inside the side bar (${JSON.stringify(sidebar)})`);
    return frame;
  });

  await step('reasoning streams in while the status bar spins "Thinking"', async () => {
    await spinner(page).filter({ hasText: /Thinking \d+s/ }).waitFor({ state: 'visible' });
    await waitForText(frame, 0, 'reasoning', 300);
    assert((await turn(frame, 0).getAttribute('data-state')) === 'streaming', 'the turn is not streaming');
    assert((await textOf(frame, 0, 'content')) === '', 'the answer started before the reasoning ended');
    const header = await turn(frame, 0).locator('[data-role="reasoning"] summary').textContent();
    assert(/^Thinking…/.test(header ?? ''), `the reasoning header reads "${header}" while thinking`);
    await screenshot('e2e-ask-streaming');
    const seen = (await textOf(frame, 0, 'reasoning')).length;
    await waitForText(frame, 0, 'reasoning', seen + 200);
  });

  await step('the answer streams while the status bar says "Answering"', async () => {
    await spinner(page).filter({ hasText: /Answering \d+s/ }).waitFor({ state: 'visible' });
    await waitForText(frame, 0, 'content', 20);
  });

  await step('the turn ends done, rendered as markdown, and the spinner goes', async () => {
    await waitForTurnState(frame, 0, 'done');
    await spinner(page).waitFor({ state: 'hidden' });
    await idleStatus(page).waitFor({ state: 'visible' });
    const answer = turn(frame, 0).locator('[data-role="content"]');
    assert((await answer.locator('h2').count()) >= 2, 'the answer has no markdown headings');
    const code = (await answer.locator('pre code').first().textContent()) ?? '';
    assert(code.includes('export function debounce'), `the first code block holds "${code.slice(0, 80)}"`);
    assert(!(await answer.textContent())?.includes('```'), 'raw markdown fences show in the answer');
    const header = await turn(frame, 0).locator('[data-role="reasoning"] summary').textContent();
    assert(/^Thought for /.test(header ?? ''), `the reasoning header reads "${header}" when done`);
    assert((await textOf(frame, 0, 'reasoning')).length >= FULL_REASONING_CHARS, 'the reasoning is incomplete');
    await screenshot('e2e-ask-done');
    // The view follows the stream to the bottom; a user scrolls back up to the reasoning.
    await turn(frame, 0).locator('.turn-prompt').scrollIntoViewIfNeeded();
    await screenshot('e2e-ask-done-top');
  });

  await step('the provider got one streaming request with the question', async () => {
    assert(fake.requests.length === 1, `the fake provider got ${fake.requests.length} requests`);
    const { path: url, body } = fake.requests[0];
    assert(url === '/v1/chat/completions', `the request went to ${url}`);
    assert(body?.model === 'fake-model' && body?.stream === true, `the request was ${JSON.stringify(body).slice(0, 200)}`);
    assert(body.messages.at(-1)?.content === question, `the last message is ${JSON.stringify(body.messages.at(-1))}`);
  });
}

export async function explainSelection(ctx: ScenarioContext): Promise<void> {
  const { page, fake, step, screenshot, workspace } = ctx;
  await startClean(ctx);
  const source = fs.readFileSync(path.join(workspace, 'src', 'math.ts'), 'utf8').split('\n');

  await step('open src/math.ts with Quick Open', async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await page.keyboard.type('math.ts');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'math.ts' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'math.ts' }).waitFor({ state: 'visible' });
    await waitForEditorText(page, 'export function mean');
  });

  await step('select lines 2-3 with Go to Line and Shift+Down', async () => {
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input.input').waitFor({ state: 'visible' });
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Ln 2, Col 1' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.locator('.part.statusbar .statusbar-item', { hasText: /Ln 4, Col 1 \(\d+ selected\)/ }).waitFor({ state: 'visible' });
  });

  fake.enqueue(pacedTranscript(2));
  await step('right-click the selection and choose "Explain Selection"', async () => {
    const line = page.locator('.editor-group-container.active .view-lines .view-line', { hasText: 'values.length === 0' });
    await line.click({ button: 'right', position: { x: 30, y: 5 } });
    await clickMenuItem(page, 'Explain Selection');
  });

  const frame = await step('the turn names the file and lines', async () => {
    const frame = await chatFrame(page);
    const ref = turn(frame, 0).locator('.turn-ref');
    await ref.waitFor({ state: 'visible' });
    const text = await ref.textContent();
    assert(text === 'src/math.ts:2-3', `the reference reads "${text}"`);
    return frame;
  });

  await step('the provider got the selected code and the file name', async () => {
    await waitForTurnState(frame, 0, 'done');
    assert(fake.requests.length === 1, `the fake provider got ${fake.requests.length} requests`);
    const message: string = fake.requests[0].body?.messages?.at(-1)?.content ?? '';
    for (const wanted of [source[1], source[2], 'src/math.ts', 'lines 2-3']) {
      assert(message.includes(wanted.trim()), `the request lacks "${wanted.trim()}": ${JSON.stringify(message)}`);
    }
    assert(!message.includes(source[0].trim()), 'the request holds a line outside the selection');
    await screenshot('e2e-explain');
  });

  await step('clicking the reference reveals the range', async () => {
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.tab', { hasText: 'math.ts' }).waitFor({ state: 'detached' });
    await turn(frame, 0).locator('.turn-ref').click();
    await page.locator('.tab.active', { hasText: 'math.ts' }).waitFor({ state: 'visible' });
    // Lines 2-3 whole: both lines and the newline between them.
    const selected = source[1].length + 1 + source[2].length;
    await page
      .locator('.part.statusbar .statusbar-item', { hasText: new RegExp(`Ln 3, Col ${source[2].length + 1} \\(${selected} selected\\)`) })
      .waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot('e2e-explain-reveal');
  });
}

export async function cancelFromStatusBar(ctx: ScenarioContext): Promise<void> {
  const { page, fake, step, screenshot } = ctx;
  await startClean(ctx);
  fake.enqueue(pacedTranscript(60));
  await step('ask a question whose answer streams slowly', () => askFromPalette(page, 'Walk me through debounce, slowly.'));
  const frame = await chatFrame(page);

  await step('click the spinner once some reasoning is in', async () => {
    await waitForText(frame, 0, 'reasoning', 200);
    await spinner(page).click();
  });

  await step('the turn is cancelled with its partial text kept', async () => {
    await waitForTurnState(frame, 0, 'cancelled', 10_000);
    const kept = await textOf(frame, 0, 'reasoning');
    assert(kept.length >= 200 && kept.length < FULL_REASONING_CHARS, `the cancelled turn kept ${kept.length} reasoning chars`);
    await turn(frame, 0).locator('.turn-status', { hasText: 'Cancelled' }).waitFor({ state: 'visible' });
  });

  await step('the spinner gives way to the idle status', async () => {
    await spinner(page).waitFor({ state: 'hidden' });
    await idleStatus(page).waitFor({ state: 'visible' });
  });

  await step('the provider saw the connection close', async () => {
    await fake.waitForClose(0, 5000);
    await screenshot('e2e-cancelled');
  });

  await step('a following Ask works', async () => {
    await askFromPalette(page, 'Then just the short version, please.');
    await turn(frame, 1).waitFor({ state: 'attached' });
    await waitForTurnState(frame, 1, 'done');
    assert(fake.requests.length === 2, `the fake provider got ${fake.requests.length} requests`);
    assert((await turn(frame, 0).getAttribute('data-state')) === 'cancelled', 'the cancelled turn changed state');
  });
}

export async function providerErrors(ctx: ScenarioContext): Promise<void> {
  const { page, fake, step, screenshot } = ctx;
  await startClean(ctx);
  // Slow enough that the partial answer is on screen before the error lands.
  fake.enqueue(
    { fixture: 'openai/midstream-error-no-done.sse', pacing: { perChunkMs: 150 } },
    openAiError(401, 'Incorrect API key provided'),
  );

  await step('an error mid-stream keeps the partial answer', async () => {
    await askFromPalette(page, 'What is the answer?');
    const frame = await chatFrame(page);
    await waitForTurnState(frame, 0, 'error');
    const content = await textOf(frame, 0, 'content');
    assert(content === 'The answer is', `the failed turn kept "${content}"`);
    const status = await turn(frame, 0).locator('.turn-error').textContent();
    assert(status?.includes('The server had an error'), `the failed turn says "${status}"`);
  });

  await step('a 401 shows its message in the turn', async () => {
    await askFromPalette(page, 'Try once more.');
    const frame = await chatFrame(page);
    await turn(frame, 1).waitFor({ state: 'attached' });
    await waitForTurnState(frame, 1, 'error');
    const status = (await turn(frame, 1).locator('.turn-error').textContent()) ?? '';
    assert(status.includes('Incorrect API key provided'), `the 401 turn says "${status}"`);
    assert(/401|unauthori[sz]ed|API key/i.test(status), `the 401 turn does not say what went wrong: "${status}"`);
    await turn(frame, 1).locator('.turn-retry').waitFor({ state: 'visible' });
  });

  await step('a notification offers Set API Key', async () => {
    const note = await showNotification(page, 'Incorrect API key provided');
    const text = (await note.locator('.notification-list-item-message').textContent()) ?? '';
    assert(text.includes('401'), `the notification reads "${text}"`);
    await note.locator('.monaco-button', { hasText: 'Set API Key' }).waitFor({ state: 'visible' });
    await screenshot('e2e-errors');
  });

  await step('no request was retried', async () => {
    assert(fake.requests.length === 2, `the fake provider got ${fake.requests.length} requests for two questions`);
  });

  await step('Set API Key on the notification asks for the key', async () => {
    const note = page.locator('.notification-list-item', { hasText: 'Incorrect API key provided' });
    await note.locator('.monaco-button', { hasText: 'Set API Key' }).click();
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: 'API key for Fake' }).waitFor({ state: 'visible' });
    assert((await widget.locator('input.input').getAttribute('type')) === 'password', 'the key input is not a password field');
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden' });
  });
}

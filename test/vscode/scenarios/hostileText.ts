// A hostile server in the real workbench: its error text carries a command link, an
// https link and icon syntax, and it echoes the stored key back, escaped, in an error
// and split across streamed answer deltas. The user must see plain text and no key.
import { leakedPiece } from '../../support/keySpellings';
import { runCommand } from '../browser';
import type { ScenarioContext } from '../scenario';
import { askFromPalette, assert, chatFrame, clearNotifications, newChat, showNotification, textOf, turn, waitForTurnState } from './lib/chat';

const KEY = 'sk-hostile-c2affb23d9e14c7f8a61';

const LINKS =
  'Your key was refused. [Fix my key](command:workbench.action.files.newUntitledFile) or read [the docs](https://example.invalid/keys) $(alert) $(loading~spin)';

function jsonEscaped(text: string): string {
  return [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
}

function sse(deltas: string[]): string {
  const events = deltas.map((content) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`);
  return `${events.join('')}data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`;
}

async function pickFake(page: ScenarioContext['page']): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Fake' }).first().click();
}

export async function hostileServerText(ctx: ScenarioContext): Promise<void> {
  const { page, fake, step, screenshot } = ctx;
  await step('start clean and store a key for the fake provider', async () => {
    await runCommand(page, 'View: Close All Editors');
    await newChat(page);
    await clearNotifications(page);
    await runCommand(page, 'Thinkstream: Set API Key');
    await pickFake(page);
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: 'API key for Fake' }).waitFor({ state: 'visible' });
    await page.keyboard.type(KEY);
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
  });

  try {
    fake.enqueue({ status: 401, body: JSON.stringify({ error: { message: LINKS, type: 'invalid_request_error' } }) });
    await step('a 401 with links and icons in its text', () => askFromPalette(page, 'Hello?'));
    const frame = await chatFrame(page);
    await waitForTurnState(frame, 0, 'error');

    await step('the notification shows that text plainly: no link, no icon', async () => {
      const note = await showNotification(page, 'Fix my key');
      const message = note.locator('.notification-list-item-message');
      const text = ((await message.textContent()) ?? '').replace(/\u2060/g, '');
      assert(text.includes('[Fix my key](command:workbench.action.files.newUntitledFile)'), `the notification reads "${text}"`);
      assert(text.includes('[the docs](https://example.invalid/keys) $(alert)'), `the notification reads "${text}"`);
      assert((await message.locator('a').count()) === 0, 'the notification message holds a link');
      assert((await message.locator('.codicon').count()) === 0, 'the notification message holds an icon');
      await note.locator('.monaco-button', { hasText: 'Set API Key' }).waitFor({ state: 'visible' });
      await screenshot('e2e-hostile-401-notification');
    });

    await step('clicking the would-be link does nothing', async () => {
      const note = page.locator('.notifications-center .notification-list-item', { hasText: 'Fix my key' });
      await note.locator('.notification-list-item-message').getByText('Fix my key', { exact: false }).click();
      await page.waitForTimeout(1500);
      assert((await page.locator('.tab', { hasText: 'Untitled' }).count()) === 0, 'the command in the link ran: an Untitled editor opened');
      const footer = (await turn(frame, 0).locator('.turn-error').textContent()) ?? '';
      assert(footer.includes('Fix my key'), `the turn says "${footer}"`);
      assert((await turn(frame, 0).locator('.turn-error a').count()) === 0, 'the turn footer holds a link');
    });

    const echo = `${'The request was refused. '.repeat(12).slice(0, 280)}The request ${jsonEscaped(KEY)} is not valid.`;
    fake.enqueue({ status: 401, body: `{"error":{"message":"${echo}","type":"invalid_request_error"}}` });
    await step('a 401 echoing the key JSON-escaped after 280 characters', async () => {
      await clearNotifications(page);
      await askFromPalette(page, 'Once more?');
      await turn(frame, 1).waitFor({ state: 'attached' });
      await waitForTurnState(frame, 1, 'error');
    });

    await step('neither the turn nor the notification shows any part of the key', async () => {
      const footer = (await turn(frame, 1).locator('.turn-error').textContent()) ?? '';
      assert(footer.includes('The request ***'), `the turn says "${footer}"`);
      assert(leakedPiece(footer, KEY) === undefined, `the turn shows part of the key: "${footer}"`);
      const note = await showNotification(page, 'The request ***');
      const text = (await note.textContent()) ?? '';
      assert(leakedPiece(text, KEY) === undefined, `the notification shows part of the key: "${text}"`);
      await screenshot('e2e-hostile-401-key-echo');
    });

    fake.enqueue({
      body: sse(['Your key is ', KEY.slice(0, 5), KEY.slice(5, 17), `${KEY.slice(17)} — and`, ' again: ', jsonEscaped(KEY).slice(0, 40), `${jsonEscaped(KEY).slice(40)}.`]),
      headers: { 'content-type': 'text/event-stream' },
      pacing: { perChunkMs: 60 },
      chunking: { seed: 3, minBytes: 20, maxBytes: 60 },
    });
    await step('an answer that echoes the key across deltas shows it nowhere', async () => {
      await clearNotifications(page);
      await askFromPalette(page, 'Repeat my key.');
      await turn(frame, 2).waitFor({ state: 'attached' });
      await waitForTurnState(frame, 2, 'done');
      const answer = await textOf(frame, 2, 'content');
      assert(answer.startsWith('Your key is *** — and again: ***'), `the answer reads "${answer}"`);
      assert(leakedPiece(answer, KEY) === undefined, `the answer shows part of the key: "${answer}"`);
      await screenshot('e2e-hostile-stream-echo');
    });
  } finally {
    // Not a step: a failure above must stay the one reported.
    await page.keyboard.press('Escape');
    await runCommand(page, 'Thinkstream: Clear API Key');
    await pickFake(page);
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }
}

// Reasoning from the two protocols that are not Chat Completions, as a user meets it:
// pick the provider and model with Select Model, ask, and read the thoughts in the
// chat view apart from the answer.
import type { Page } from 'playwright-core';
import { runCommand } from '../browser';
import type { ScenarioContext } from '../scenario';
import { askFromPalette, assert, chatFrame, idleStatus, textOf, turn, waitForText, waitForTurnState } from './lib/chat';
import { runCommandOnceListed } from './lib/workbench';

/** Select Model as a person does it: the provider by its label, then the model offered first. */
async function selectModel(page: Page, providerLabel: string, model: string): Promise<void> {
  await runCommand(page, 'Thinkstream: Select Model');
  const widget = page.locator('.quick-input-widget');
  await widget.locator('input.input').waitFor({ state: 'visible' });
  await page.keyboard.type(providerLabel);
  const exact = new RegExp(`^(\\$\\(check\\) )?${providerLabel}$`);
  await widget.locator('.monaco-list-row.focused').filter({ has: page.locator('.label-name', { hasText: exact }) }).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await widget.locator('.quick-input-title', { hasText: 'choose a model' }).waitFor({ state: 'visible' });
  // The server's own list arrives; the provider's model stays the first row.
  await widget.locator('.monaco-list-row.focused', { hasText: model }).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' });
  await idleStatus(page, model).first().waitFor({ state: 'visible' });
}

/** A finished turn folds its reasoning into a header; a reader opens it. */
async function openReasoning(page: Page, index: number): Promise<void> {
  const details = turn(await chatFrame(page), index).locator('details[data-role="reasoning"]');
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await details.locator('summary').click();
  await details.locator('.reasoning-body').waitFor({ state: 'visible' });
}

export async function reasoningFromResponsesAndGemini(ctx: ScenarioContext): Promise<void> {
  const { page, fake, step, screenshot } = ctx;
  await step('start clean: close editors, new chat', async () => {
    await runCommandOnceListed(page, 'View: Close All Editors');
    await runCommandOnceListed(page, 'Thinkstream: New Chat');
    const frame = await chatFrame(page);
    await frame.waitForFunction(() => document.querySelectorAll('[data-turn]').length === 0);
  });

  try {
    await step('Select Model offers the Responses provider and its server\'s models', () => selectModel(page, 'Fake Responses', 'reasoning-summary'));
    fake.enqueue({ fixture: 'responses/reasoning-summary.sse', chunking: { seed: 3, minBytes: 60, maxBytes: 120 }, pacing: { firstByteDelayMs: 200, perChunkMs: 40 } });
    await step('ask the Responses provider', () => askFromPalette(page, 'What is 2+2?'));
    const frame = await chatFrame(page);

    await step('the reasoning summary streams into the reasoning block, the answer waits', async () => {
      await waitForText(frame, 0, 'reasoning', 60);
      assert((await textOf(frame, 0, 'content')) === '', 'the answer started before the reasoning summary ended');
      await frame.waitForFunction(() => (document.querySelector('[data-turn] [data-role="reasoning"]')?.textContent ?? '').includes('Choosing the format'), undefined, { timeout: 15_000 });
      await screenshot('e2e-responses-reasoning-streaming');
    });

    await step('the Responses turn ends with its summary parts apart and its answer', async () => {
      await waitForTurnState(frame, 0, 'done');
      assert((await textOf(frame, 0, 'content')) === '2 + 2 = 4.', `the answer reads "${await textOf(frame, 0, 'content')}"`);
      const reasoning = await textOf(frame, 0, 'reasoning');
      assert(reasoning.includes('Two plus two is four; no trick here.') && reasoning.includes('A bare number reads best.'), `the reasoning reads "${reasoning}"`);
      assert(!/trick here\.\s*\*\*Choosing/.test(reasoning), 'the two summary parts ran together');
      assert(fake.requests.at(-1)?.path === '/v1/responses', `the request went to ${fake.requests.at(-1)?.path}`);
    });

    await step('Select Model offers the Gemini provider and its models', () => selectModel(page, 'Fake Gemini', 'thinking'));
    fake.enqueue({ fixture: 'gemini/thinking.sse', chunking: { seed: 4, minBytes: 40, maxBytes: 90 }, pacing: { firstByteDelayMs: 200, perChunkMs: 60 } });
    await step('ask the Gemini provider', () => askFromPalette(page, 'And with Gemini?'));

    await step('the Gemini thoughts show as reasoning, the answer apart', async () => {
      await waitForTurnState(frame, 1, 'done');
      const reasoning = await textOf(frame, 1, 'reasoning');
      assert(reasoning.includes('The user wants the sum of two and two.') && reasoning.includes('I will state the result in bold.'), `the reasoning reads "${reasoning}"`);
      assert((await textOf(frame, 1, 'content')) === '2 + 2 = 4.', `the answer reads "${await textOf(frame, 1, 'content')}"`);
      const request = fake.requests.at(-1);
      assert(request?.url === '/v1beta/models/thinking:streamGenerateContent?alt=sse', `the request went to ${request?.url}`);
    });

    await step('both turns hold their reasoning, open and readable in the view', async () => {
      await openReasoning(page, 0);
      await openReasoning(page, 1);
      for (const index of [0, 1]) {
        const box = await turn(frame, index).locator('[data-role="reasoning"] .reasoning-body').boundingBox();
        assert(box && box.height > 20 && box.width > 100, `turn ${index}'s reasoning has no readable box: ${JSON.stringify(box)}`);
      }
      await screenshot('e2e-responses-and-gemini-reasoning');
    });
  } finally {
    await step('back to the default fake provider, the Explorer in the side bar', async () => {
      await selectModel(page, 'Fake', 'fake-model');
      // The next scenario may open the chat from the activity bar, which hides a chat already shown.
      await runCommand(page, 'View: Show Explorer');
    });
  }
}

import { strict as assert } from 'node:assert';
import { ReasoningStepDetector, type ReasoningStep } from '../../src/core/session/steps';

function detect(chunks: string[]): { steps: ReasoningStep[]; beforeEnd: number } {
  const steps: ReasoningStep[] = [];
  const d = new ReasoningStepDetector((s) => steps.push(s));
  for (const c of chunks) d.push(c);
  const beforeEnd = steps.length;
  d.end();
  return { steps, beforeEnd };
}

describe('ReasoningStepDetector', () => {
  it('emits a paragraph only once the blank line after it arrives', () => {
    const steps: ReasoningStep[] = [];
    const d = new ReasoningStepDetector((s) => steps.push(s));
    d.push('First I read the fun');
    d.push('ction.\n');
    assert.equal(steps.length, 0, 'a paragraph is not whole until it ends');
    d.push('\nThen I check');
    assert.deepEqual(steps.map((s) => s.text), ['First I read the function.']);
    assert.equal(steps[0].complete, true);
    d.end();
    assert.deepEqual(steps[1], { index: 1, text: 'Then I check', complete: false });
  });

  it('splits numbered items, bullets, headings and "Step N:" lines', () => {
    const { steps } = detect([
      '1. Parse the input.\n2) Validate it.\n- a bullet\n* another\n## Heading\nbody line\nStep 3: finish\n**Step 4** bold\n',
    ]);
    assert.deepEqual(
      steps.map((s) => s.text),
      ['1. Parse the input.', '2) Validate it.', '- a bullet', '* another', '## Heading\nbody line', 'Step 3: finish', '**Step 4** bold'],
    );
  });

  it('keeps indented sub-items and code fences inside their step', () => {
    const { steps } = detect(['1. Outer\n   - inner\n```js\nx = 1;\n\ny = 2;\n```\n\n2. Next\n']);
    assert.deepEqual(
      steps.map((s) => s.text),
      ['1. Outer\n   - inner\n```js\nx = 1;\n\ny = 2;\n```', '2. Next'],
    );
  });

  it('marks only the flushed last step incomplete, and emits nothing twice', () => {
    const text = 'Alpha.\n\nBeta.\n\nGamma is unfinished';
    const { steps, beforeEnd } = detect(text.split(''));
    assert.equal(beforeEnd, 2);
    assert.deepEqual(steps.map((s) => [s.index, s.text, s.complete]), [
      [0, 'Alpha.', true],
      [1, 'Beta.', true],
      [2, 'Gamma is unfinished', false],
    ]);
  });
});

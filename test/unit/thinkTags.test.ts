import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ThinkTagSplitter } from '../../src/core/providers/thinkTags';
import type { InlineThinkMode } from '../../src/core/types';

function split(chunks: string[], mode: InlineThinkMode = 'auto', model?: string) {
  let reasoning = '';
  let content = '';
  const s = new ThinkTagSplitter(
    mode,
    (t) => (reasoning += t),
    (t) => (content += t),
  );
  s.resolveAuto(model, false);
  for (const c of chunks) s.push(c);
  s.end();
  return { reasoning, content, unclosed: s.endedInsideThinking };
}

describe('ThinkTagSplitter', () => {
  it('moves a <think> block out of the answer', () => {
    assert.deepEqual(split(['<think>\nLet me see.\n</think>\n\nHello!']), {
      reasoning: '\nLet me see.\n',
      content: '\n\nHello!',
      unclosed: false,
    });
  });

  it('survives tags split across deltas at every position', () => {
    const text = '<think>a < b, so 2</think>The answer is 2.';
    for (let i = 1; i < text.length; i++) {
      for (let j = i + 1; j <= text.length; j++) {
        const r = split([text.slice(0, i), text.slice(i, j), text.slice(j)]);
        assert.equal(r.reasoning, 'a < b, so 2', `split at ${i},${j}`);
        assert.equal(r.content, 'The answer is 2.', `split at ${i},${j}`);
      }
    }
  });

  it('knows every tag name in the family, in any case', () => {
    for (const tag of ['think', 'thinking', 'reason', 'reasoning', 'thought', 'THINK']) {
      const r = split([`<${tag}>hmm</${tag}>ok`]);
      assert.deepEqual([r.reasoning, r.content], ['hmm', 'ok'], tag);
    }
  });

  it('treats an unclosed <think> at the end as reasoning with an empty answer', () => {
    const r = split(['<think>I was still ', 'thinking when it stopped']);
    assert.equal(r.reasoning, 'I was still thinking when it stopped');
    assert.equal(r.content, '');
    assert.equal(r.unclosed, true);
  });

  it('an R1-style template opens thinking itself: text before an orphan </think> is reasoning', () => {
    const r = split(['Okay, the user wants', ' a greeting.</th', 'ink>\n\nHi there!'], 'auto', 'deepseek-r1-distill-qwen-7b');
    assert.equal(r.reasoning, 'Okay, the user wants a greeting.');
    assert.equal(r.content, '\n\nHi there!');
  });

  it('drops a stray closer from a model that is not known to open thinking itself', () => {
    const r = split(['Some text</think>Answer'], 'auto', 'mystery-model');
    assert.equal(r.content, 'Some textAnswer');
  });

  it('leaves plain answers and look-alike markup alone', () => {
    assert.equal(split(['Use <div> and <thinker> ', 'tags.']).content, 'Use <div> and <thinker> tags.');
    assert.equal(split(['<thi']).content, '<thi');
    assert.equal(split(['x<think>y</think>'], 'off').content, 'x<think>y</think>');
  });

  it('is indifferent to how the content is chunked (property)', () => {
    const texts = [
      '<think>step 1\n\nstep 2 < 3</think>\n\nfinal `<b>` answer',
      '  <thought>why</thought>because',
      'plain answer with </ and <th fragments',
      '<think>never closed <',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(text.slice(prev, p));
          prev = p;
        }
        chunks.push(text.slice(prev));
        assert.deepEqual(split(chunks), split([text]));
      }),
      { numRuns: 500 },
    );
  });
});

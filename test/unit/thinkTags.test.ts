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

describe('ThinkTagSplitter: blocks anywhere, code fences, templates that open thinking', () => {
  it('any number of blocks, before, between and after answer text', () => {
    assert.deepEqual(split(['<think>a</think>b<think>c</think>d']), { reasoning: 'a\nc', content: 'bd', unclosed: false });
    assert.deepEqual(split(['Before <think>x</think> After']), { reasoning: 'x', content: 'Before  After', unclosed: false });
    assert.deepEqual(split(['Answer first.<thinking>then this</thinking>']), { reasoning: 'then this', content: 'Answer first.', unclosed: false });
  });

  it('a later block starts on a line of its own, unless the model already broke the line', () => {
    assert.equal(split(['<think>Check.</think>A<think>Verify.</think>B']).reasoning, 'Check.\nVerify.');
    assert.equal(split(['<think>\nCheck.\n</think>A<think>\nVerify.\n</think>B']).reasoning, '\nCheck.\n\nVerify.\n');
  });

  it('a block left open at the end is reasoning, even after answer text', () => {
    const r = split(['Part one. <think>still going']);
    assert.deepEqual(r, { reasoning: 'still going', content: 'Part one. ', unclosed: true });
  });

  it('a <think> inside a fenced code block of the answer is answer text', () => {
    const answer = 'Strip them:\n```js\ns.replace(/<think>.*?<\\/think>/g, "")\n```\nand <think>real</think> done';
    const r = split([answer]);
    assert.equal(r.reasoning, 'real');
    assert.equal(r.content, 'Strip them:\n```js\ns.replace(/<think>.*?<\\/think>/g, "")\n```\nand  done');
  });

  it('tilde fences, longer fences and indented fences (list items) count; a shorter run does not close a fence', () => {
    const text = '- x\n\n    ~~~~\n    <think>\n    ~~~\n    still code <think>\n    ~~~~\n<think>r</think>';
    const r = split([text]);
    assert.equal(r.reasoning, 'r');
    assert.equal(r.content, '- x\n\n    ~~~~\n    <think>\n    ~~~\n    still code <think>\n    ~~~~\n');
  });

  it('inline backticks are not a fence', () => {
    assert.deepEqual(split(['use ``x`` then <think>y</think>z']), { reasoning: 'y', content: 'use ``x`` then z', unclosed: false });
  });

  it('recognises templates that open <think> unseen by model name', () => {
    for (const model of ['deepseek-r1-distill-qwen-7b', 'QwQ-32B', 'Qwen/Qwen3-235B-A22B-Thinking-2507', 'qwen3-vl-30b-a3b-thinking', 'Qwen3.5-27B', 'MiniMaxAI/MiniMax-M2']) {
      const r = split(['plan</think>answer'], 'auto', model);
      assert.deepEqual([r.reasoning, r.content], ['plan', 'answer'], model);
    }
    for (const model of ['qwen3-32b', 'Qwen/Qwen3-30B-A3B-Instruct-2507', 'llama-3.1-8b', 'gpt-oss-20b']) {
      assert.equal(split(['plain answer'], 'auto', model).content, 'plain answer', model);
    }
  });

  it("'open' forces thinking open for any model", () => {
    assert.deepEqual(split(['plan</think>answer'], 'open', 'my-finetune'), { reasoning: 'plan', content: 'answer', unclosed: false });
  });

  it('blocks anywhere are indifferent to chunking (property, including fences)', () => {
    const texts = ['a<think>b</think>c<think>d', '```\n<think>\n```\n<reason>r</reason>x', 'x\n   ~~~\n<thought>\n~~~\ny<think>z</think>'];
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
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

describe('ThinkTagSplitter: inline code spans', () => {
  it('a tag inside `inline code` is answer text; a real block after it is still reasoning', () => {
    const r = split(['Reasoning models wrap thoughts in `<think>` tags; ``a `<think>` b`` too.\n<think>real</think>done']);
    assert.equal(r.reasoning, 'real');
    assert.equal(r.content, 'Reasoning models wrap thoughts in `<think>` tags; ``a `<think>` b`` too.\ndone');
  });

  it('a span that never closes ends at the blank line closing its paragraph', () => {
    const r = split(['a stray ` backtick <think>\n\n<think>r</think>x']);
    assert.equal(r.reasoning, 'r');
    assert.equal(r.content, 'a stray ` backtick <think>\n\nx');
  });

  it('spans and fences are indifferent to chunking (property)', () => {
    const texts = ['`<think>` then <think>t</think>x', '``\n`<think>`\n``<think>y</think>', 'x ``a`b`` <thought>z</thought>\n\n` <think>'];
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
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

import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Lexer } from 'marked';
import { MarkdownBlockSplitter, type MarkdownBlock } from '../../src/webview/markdownStream';

const PIECES = [
  '# Title\n',
  '## Section two\n',
  'A paragraph with **bold**, `code` and a [link](https://example.com).\n',
  'Second line of the same paragraph.\n',
  '\n',
  '\n\n',
  '- item one\n',
  '- item two\n  continued\n',
  '  - nested\n',
  '1. first\n2. second\n',
  '- [x] done task\n',
  '```ts\nconst x = 1;\n\nfunction f() {\n  return x;\n}\n```\n',
  '```\nunclosed fence\n',
  '~~~py\nprint("hi")\n~~~\n',
  '    indented code\n',
  '> quoted\n> more\n',
  '| a | b |\n|---|---|\n| 1 | 2 |\n',
  '---\n',
  'Setext\n===\n',
  '[ref]: https://example.com/ref\n',
  'See [the ref][ref].\n',
  '<div onclick="x()">raw html</div>\n',
  '<img src=x onerror=alert(1)>\n',
  'text with trailing spaces  \n',
  'tab\tseparated\n',
  'unicode — “quotes” 😀\n',
];

const markdownDoc = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 25 }).map((p) => p.join(''));
// marked rewrites \r\n, so raws stop matching the source: text must still never be lost.
const withCarriageReturns = fc
  .array(fc.constantFrom(...PIECES, 'windows line\r\n', '\r\n\r\n', 'lone\rreturn\n'), { minLength: 1, maxLength: 25 })
  .map((p) => p.join(''));

function chunksOf(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let at = 0;
  for (const p of points) {
    chunks.push(text.slice(at, p));
    at = p;
  }
  chunks.push(text.slice(at));
  return chunks;
}

function stream(chunks: string[]): { blocks: MarkdownBlock[]; tail: MarkdownBlock; splitter: MarkdownBlockSplitter } {
  const splitter = new MarkdownBlockSplitter();
  const blocks: MarkdownBlock[] = [];
  let tail: MarkdownBlock = { source: '', tokens: [] };
  for (const chunk of chunks) {
    const result = splitter.push(chunk);
    blocks.push(...result.committed);
    tail = result.tail;
  }
  return { blocks, tail, splitter };
}

describe('webview MarkdownBlockSplitter', () => {
  it('committed blocks plus the tail always equal the text pushed so far', () => {
    fc.assert(
      fc.property(withCarriageReturns, fc.array(fc.nat(), { maxLength: 40 }), (doc, cuts) => {
        const splitter = new MarkdownBlockSplitter();
        let pushed = '';
        let committed = '';
        for (const chunk of chunksOf(doc, cuts)) {
          pushed += chunk;
          const { committed: blocks, tail } = splitter.push(chunk);
          for (const b of blocks) {
            assert.equal(b.tokens.map((t) => t.raw).join(''), b.source, 'a block is exactly its tokens');
            committed += b.source;
          }
          assert.equal(committed + tail.source, pushed);
          assert.equal(splitter.committedSourceLength, committed.length);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('ends with the same blocks however the text was chunked', () => {
    fc.assert(
      fc.property(markdownDoc, fc.array(fc.nat(), { maxLength: 40 }), (doc, cuts) => {
        const whole = stream([doc]);
        const parts = stream(chunksOf(doc, cuts));
        const sources = (r: ReturnType<typeof stream>) => [...r.blocks.map((b) => b.source), r.tail.source];
        assert.deepEqual(sources(parts), sources(whole));
      }),
      { numRuns: 400 },
    );
  });

  it('never reports a finished block twice', () => {
    const splitter = new MarkdownBlockSplitter();
    const seen: string[] = [];
    for (const ch of '# Head\n\nPara one.\n\nPara two.\n\n- a\n- b\n\nend') {
      for (const b of splitter.push(ch).committed) seen.push(b.source);
    }
    assert.deepEqual(seen, ['# Head\n\n', 'Para one.\n\n', 'Para two.\n\n', '- a\n- b\n\n']);
  });

  it('keeps an unclosed code fence as the tail until it closes', () => {
    const splitter = new MarkdownBlockSplitter();
    assert.equal(splitter.push('Intro\n\n```js\nconst a = 1;\n').committed.length, 1);
    let r = splitter.push('\n\n# not a heading\n\nstill code\n');
    assert.equal(r.committed.length, 0);
    assert.equal(r.tail.tokens[0].type, 'code');
    r = splitter.push('```\n');
    assert.equal(r.committed.length, 0, 'a closed fence is still the last block');
    r = splitter.push('After.');
    assert.equal(r.committed.length, 1);
    assert.equal(r.committed[0].source, '```js\nconst a = 1;\n\n\n# not a heading\n\nstill code\n```\n');
    assert.equal(r.tail.source, 'After.');
  });

  it('keeps a list open across a blank line, since the next item may continue it', () => {
    const splitter = new MarkdownBlockSplitter();
    assert.equal(splitter.push('- a\n\n').committed.length, 0);
    const r = splitter.push('- b\n\nafter');
    assert.equal(r.committed.length, 1);
    assert.equal(r.committed[0].source, '- a\n\n- b\n\n');
  });

  it('resolves reference links defined in already committed blocks', () => {
    const splitter = new MarkdownBlockSplitter();
    splitter.push('[doc]: https://example.com/doc\n\nintro\n\n');
    const { tail } = splitter.push('see [the doc][doc]');
    const link = JSON.stringify(tail.tokens);
    assert.ok(link.includes('"href":"https://example.com/doc"'), link);
  });

  it('matches a one-shot lex of the whole text', () => {
    const doc = PIECES.join('');
    const { blocks, tail } = stream(chunksOf(doc, Array.from({ length: 200 }, (_, i) => i * 7)));
    const expected = new Lexer({ gfm: true }).lex(doc).map((t) => t.type).filter((t) => t !== 'space');
    const got = [...blocks, tail].flatMap((b) => b.tokens.map((t) => t.type)).filter((t) => t !== 'space');
    assert.deepEqual(got, expected);
  });
});

describe('webview MarkdownBlockSplitter: open blocks that grow in place', () => {
  const LONG = 256;

  it('does not lex an open fence again: only new lines are scanned for the closing fence', () => {
    const splitter = new MarkdownBlockSplitter({ gfm: true }, { longBlockChars: LONG });
    splitter.push('Intro\n\n```py\n');
    let r = splitter.push('x = 1\n');
    assert.deepEqual(r.tail.openFence, { lang: 'py', bodyStart: 6 });
    assert.equal(r.tail.source.slice(r.tail.openFence!.bodyStart), 'x = 1\n');
    r = splitter.push('# still code\n\n- not a list\n``');
    assert.equal(r.committed.length, 0);
    assert.ok(r.tail.openFence, 'two backticks do not close a three-backtick fence');
    r = splitter.push('`\nafter');
    assert.equal(r.tail.openFence, undefined);
    assert.equal(r.committed.length, 1);
    assert.equal(r.committed[0].source, '```py\nx = 1\n# still code\n\n- not a list\n```\n');
    assert.equal(r.tail.source, 'after');
  });

  it('commits every item but the last of a long list, marked as continued', () => {
    const splitter = new MarkdownBlockSplitter({ gfm: true }, { longBlockChars: LONG });
    let pushed = '';
    let committed = '';
    const blocks: MarkdownBlock[] = [];
    let tail: MarkdownBlock = { source: '', tokens: [] };
    for (let i = 1; i <= 60; i++) {
      const item = `${i}. item number ${i} with some words\n`;
      pushed += item;
      const r = splitter.push(item);
      blocks.push(...r.committed);
      committed += r.committed.map((b) => b.source).join('');
      tail = r.tail;
      assert.ok(tail.source.length <= LONG + item.length * 2, `tail of ${tail.source.length} chars`);
    }
    assert.equal(committed + tail.source, pushed);
    assert.ok(blocks.length > 3);
    assert.ok(blocks.every((b) => b.continues === 'list' && b.tokens[0].type === 'list'));
    assert.equal((tail.tokens[0] as { start?: number }).start, parseInt(tail.source, 10), 'the rest keeps its numbering');
    assert.ok(parseInt(tail.source, 10) > 1);
  });

  it('commits a long paragraph up to a safe word boundary, never inside code or emphasis', () => {
    const splitter = new MarkdownBlockSplitter({ gfm: true }, { longBlockChars: LONG });
    const words = Array.from({ length: 400 }, (_, i) => (i % 17 === 3 ? '`code span here`' : i % 13 === 5 ? '**bold words**' : `word${i}`));
    const text = words.join(' ');
    let committed = '';
    const blocks: MarkdownBlock[] = [];
    let tail: MarkdownBlock = { source: '', tokens: [] };
    for (let i = 0; i < text.length; i += 11) {
      const r = splitter.push(text.slice(i, i + 11));
      blocks.push(...r.committed);
      committed += r.committed.map((b) => b.source).join('');
      tail = r.tail;
      assert.ok(tail.source.length <= LONG + 200, `tail of ${tail.source.length} chars`);
    }
    assert.equal(committed + tail.source, text);
    assert.ok(blocks.length > 5);
    for (const b of blocks) {
      assert.equal(b.continues, 'paragraph');
      assert.equal((b.source.match(/`/g) ?? []).length % 2, 0, b.source);
      assert.equal((b.source.match(/\*\*/g) ?? []).length % 2, 0, b.source);
      assert.match(b.source, /\s$/);
    }
  });

  it('still ends with text equal to what was pushed, however it was chunked', () => {
    fc.assert(
      fc.property(withCarriageReturns, fc.array(fc.nat(), { maxLength: 40 }), (doc, cuts) => {
        const splitter = new MarkdownBlockSplitter({ gfm: true }, { longBlockChars: 64 });
        let pushed = '';
        let committed = '';
        for (const chunk of chunksOf(doc, cuts)) {
          pushed += chunk;
          const { committed: blocks, tail } = splitter.push(chunk);
          committed += blocks.map((b) => b.source).join('');
          assert.equal(committed + tail.source, pushed);
        }
      }),
      { numRuns: 300 },
    );
  });
});

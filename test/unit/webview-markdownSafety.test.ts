import { strict as assert } from 'node:assert';
import { MarkdownBlockSplitter } from '../../src/webview/markdownStream';
import { OWN_MARK, tokensToHtml } from '../../src/webview/markdownHtml';
import { MARKDOWN_LIMITS } from '../../src/webview/markdownLimits';
import { seededRandom } from '../support/chunking';
import { loadCorpus } from '../webview/hostile/corpus';
import { foreignMarkup, visibleText } from '../webview/hostile/htmlAudit';

/** The HTML strings the view would hand to DOMPurify, block by block, as a stream would deliver the text. */
function renderStream(text: string, chunks: string[] = [text]): string[] {
  const splitter = new MarkdownBlockSplitter();
  const html: string[] = [];
  let tail = '';
  for (const chunk of chunks) {
    const result = splitter.push(chunk);
    for (const block of result.committed) html.push(tokensToHtml(block.tokens));
    tail = tokensToHtml(result.tail.tokens);
  }
  return [...html, tail];
}

function randomChunks(text: string, seed: number): string[] {
  const random = seededRandom(seed);
  const max = Math.max(40, Math.ceil(text.length / 24));
  const chunks: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + Math.floor(random() * max);
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return chunks;
}

describe('markdown rendering of hostile model output', () => {
  const corpus = loadCorpus();

  it('has at least 100 payloads', () => {
    assert.ok(corpus.length >= 100, `${corpus.length} payloads`);
    assert.equal(new Set(corpus.map((p) => p.id)).size, corpus.length, 'ids are unique');
  });

  for (const [n, payload] of corpus.entries()) {
    it(`${payload.kind}: ${payload.id} — our markup only, text still visible (whole and streamed)`, () => {
      for (const blocks of [renderStream(payload.text), renderStream(payload.text, randomChunks(payload.text, n + 1))]) {
        const html = blocks.join('');
        assert.deepEqual(foreignMarkup(html, OWN_MARK), []);
        const text = visibleText(html);
        for (const fragment of payload.shows) assert.ok(text.includes(fragment), `shows ${JSON.stringify(fragment)}`);
      }
    });
  }
});

describe('markdown rendering: the escapes and limits behind the corpus', () => {
  const html = (text: string) => renderStream(text).join('');

  it('escapes text after an inline <kbd>, <code>, <pre> or <script> tag', () => {
    for (const tag of ['kbd', 'code', 'pre', 'script']) {
      const out = html(`Note <${tag}>k <span class="turn-error">Error</span> *em* now`);
      assert.ok(out.includes('&lt;span class=&quot;turn-error&quot;&gt;Error&lt;/span&gt;'), out);
      assert.ok(out.includes('<em>em</em>'), 'markdown around it still renders');
      assert.ok(!out.includes('<span'), out);
    }
  });

  it('keeps the text after a split <scr<script>ipt> tag', () => {
    const out = html('<scr<script>ipt>alert(1)</scr</script>ipt> after');
    assert.equal(visibleText(out).trim(), '<scr<script>ipt>alert(1)</scr</script>ipt> after');
  });

  it('decodes entities in text as characters, never as tags', () => {
    const out = html('&lt;b&gt; &copy; &#60;i&#62;');
    assert.deepEqual(foreignMarkup(out, OWN_MARK), []);
    assert.ok(out.includes('&lt;b&gt; &copy; &lt;i&gt;'), out);
  });

  it('marks only our own classes; a code language cannot name one of ours', () => {
    assert.ok(html('```ts\nx\n```').includes(`<code class="${OWN_MARK} language-ts">`));
    assert.ok(!html('```x" class="turn-error\ny\n```').includes('class="turn-error'));
    assert.ok(html('```a"b\ny\n```').includes('<code>'), 'an odd language name gets no class');
  });

  it('gives a link its href only for http(s) and mailto, and never the model title', () => {
    assert.equal(html('[a](javascript:alert(1) "t")').trim(), '<p><a>a</a></p>');
    assert.equal(html('[a](https://x.example/p "t")').trim(), '<p><a href="https://x.example/p">a</a></p>');
  });

  it(`caps nesting at ${MARKDOWN_LIMITS.blockDepth} levels and shows the rest as text`, () => {
    const out = html('>'.repeat(20000) + ' x');
    assert.equal((out.match(/<blockquote>/g) ?? []).length, MARKDOWN_LIMITS.blockDepth);
    assert.ok(visibleText(out).includes('>'.repeat(100)), 'the deeper markers are shown');
    assert.ok(visibleText(out).trim().endsWith('x'));
    const list = html('- '.repeat(5000) + 'deep');
    assert.ok((list.match(/<ul>/g) ?? []).length <= MARKDOWN_LIMITS.blockDepth);
    assert.ok(visibleText(list).includes('deep'));
  });

  it(`shows a paragraph with over ${MARKDOWN_LIMITS.emphasisMarks} emphasis marks as text`, () => {
    const out = html('*a '.repeat(600) + 'x' + ' a*'.repeat(600));
    assert.ok(!out.includes('<em>') && visibleText(out).includes('*a *a x a* a*'));
  });

  it('caps emphasis nesting', () => {
    const out = html('*a '.repeat(200) + 'x' + ' a*'.repeat(200));
    const ems = (out.match(/<em>/g) ?? []).length;
    assert.ok(ems > 0 && ems <= MARKDOWN_LIMITS.inlineDepth, `${ems} nested`);
    assert.ok(visibleText(out).includes(' x '));
  });

  it('shows an over-wide or over-long table as text, a normal one as a table', () => {
    const wide = html('|a'.repeat(2000) + '|\n' + '|-'.repeat(2000) + '|\n' + 'x\n'.repeat(300));
    assert.ok(!wide.includes('<table>') && wide.includes('|a|a|a'));
    const tall = html('| a | b |\n|---|---|\n' + '| 1 | 2 |\n'.repeat(MARKDOWN_LIMITS.tableCells));
    assert.ok(!tall.includes('<table>'));
    assert.ok(html('| a | b |\n|---|---|\n| 1 | 2 |\n').includes('<table>'));
  });

  it(`shows a paragraph with a line over ${MARKDOWN_LIMITS.lineChars} characters as text`, () => {
    const line = '**b** '.repeat(2000);
    const out = html(line);
    assert.ok(!out.includes('<strong>') && out.includes('**b** **b**'));
    assert.ok(html('**b** '.repeat(10)).includes('<strong>b</strong>'));
  });
});

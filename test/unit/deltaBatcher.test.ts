import * as assert from 'node:assert/strict';
import { DeltaBatcher, FRAME_MS, type DeltaBatch } from '../../src/vscode/deltaBatcher';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DeltaBatcher', () => {
  it('sends the first text of a burst at once, and what follows in the same frame together', async () => {
    const out: DeltaBatch[] = [];
    const b = new DeltaBatcher((x) => out.push(x));
    b.push('t', 'reasoning', 'Hm');
    assert.deepEqual(out, [{ id: 't', reasoning: 'Hm' }], 'the first delta waited for a frame');
    b.push('t', 'reasoning', 'm, ');
    b.push('t', 'content', 'Hi');
    assert.equal(out.length, 1);
    await sleep(FRAME_MS * 3);
    assert.deepEqual(out[1], { id: 't', reasoning: 'm, ', content: 'Hi' });
    b.dispose();
  });

  it('starts a new burst at once after a quiet frame', async () => {
    const out: DeltaBatch[] = [];
    const b = new DeltaBatcher((x) => out.push(x));
    b.push('t', 'content', 'a');
    await sleep(FRAME_MS * 4);
    b.push('t', 'content', 'b');
    assert.deepEqual(
      out.map((x) => x.content),
      ['a', 'b'],
    );
    b.dispose();
  });

  it('flush hands over what is pending, in order, before any other message', () => {
    const out: DeltaBatch[] = [];
    const b = new DeltaBatcher((x) => out.push(x));
    b.push('t', 'content', 'a');
    b.push('t', 'content', 'b');
    b.flush();
    assert.deepEqual(
      out.map((x) => x.content),
      ['a', 'b'],
    );
    b.dispose();
  });

  it('keeps every character in order and stays at or under 60 deliveries a second under a flood', async () => {
    const out: DeltaBatch[] = [];
    const b = new DeltaBatcher((x) => out.push(x));
    let sent = '';
    const started = Date.now();
    let i = 0;
    // About 10,000 deltas a second for one second, in bursts of ten per millisecond.
    while (Date.now() - started < 1000) {
      for (let k = 0; k < 10; k++) {
        const text = `${i++},`;
        sent += text;
        b.push('t', 'content', text);
      }
      await sleep(1);
    }
    const elapsed = Date.now() - started;
    b.dispose();
    assert.equal(out.map((x) => x.content).join(''), sent, 'text was lost or reordered');
    const perSecond = (out.length - 1) / (elapsed / 1000);
    assert.ok(perSecond <= 60, `${out.length} deliveries in ${elapsed} ms (${perSecond.toFixed(1)}/s)`);
    assert.ok(out.length >= 20, `only ${out.length} deliveries: the stream was held back, not paced`);
  });
});

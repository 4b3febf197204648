import { strict as assert } from 'node:assert';
import { formatDuration, formatElapsed, metricParts } from '../../src/webview/format';
import { isWebviewMessage } from '../../src/protocol';

describe('webview labels', () => {
  it('ticks whole seconds, then minutes', () => {
    assert.equal(formatElapsed(0), '0s');
    assert.equal(formatElapsed(4999), '4s');
    assert.equal(formatElapsed(-20), '0s', 'a clock slightly ahead never shows a negative time');
    assert.equal(formatElapsed(65_000), '1m 05s');
  });

  it('shows finished durations in tenths under a minute', () => {
    assert.equal(formatDuration(12_400), '12.4s');
    assert.equal(formatDuration(820), '0.8s');
    assert.equal(formatDuration(125_000), '2m 05s');
  });

  it('marks estimated token rates with ≈ and skips what is missing', () => {
    const parts = metricParts({ ttftMs: 820, tokensPerSecond: 41.25, tokensEstimated: true, totalMs: 18_300 }).map((p) => p.text);
    assert.deepEqual(parts, ['first token 0.8s', '≈41.3 tok/s', '18.3s total']);
    assert.deepEqual(metricParts({ tokensPerSecond: 50 }).map((p) => p.text), ['50.0 tok/s']);
    assert.deepEqual(metricParts(undefined), []);
  });
});

describe('protocol: isWebviewMessage', () => {
  it('accepts every webview message shape', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'send', text: 'hi' },
      { type: 'cancel' },
      { type: 'retry', id: 't1' },
      { type: 'openRef', id: 't1' },
      { type: 'newChat' },
      { type: 'copy', text: 'x' },
      { type: 'insertCode', code: 'x = 1', language: 'python' },
      { type: 'newFileWithCode', code: 'x = 1', language: '' },
      { type: 'copyAnswer', id: 't1' },
      { type: 'editAndResend', id: 't1', prompt: 'again' },
      { type: 'showHistory' },
    ]) {
      assert.ok(isWebviewMessage(m), JSON.stringify(m));
    }
  });

  it('rejects unknown types and missing or mistyped fields', () => {
    for (const m of [null, 'ready', {}, { type: 'eval' }, { type: 'send' }, { type: 'retry', id: 3 }, { type: 'insertCode', code: 'x' }, { type: 'editAndResend', id: 't1', prompt: 1 }, { type: 'toString' }, { type: '__proto__' }]) {
      assert.ok(!isWebviewMessage(m), JSON.stringify(m));
    }
  });

  it('rejects ids and sizes a real chat view never sends', () => {
    for (const m of [
      { type: 'insertCode', code: 'x' },
      { type: 'newFileWithCode', code: 'x', language: 'a'.repeat(101) },
      { type: 'insertCode', code: 'x'.repeat(1_000_001), language: 'ts' },
      { type: 'copyAnswer', id: '' },
      { type: 'copyAnswer', id: '../turns' },
      { type: 'editAndResend', id: 't1' },
      { type: 'editAndResend', id: 't 1', prompt: 'q' },
    ]) {
      assert.ok(!isWebviewMessage(m), JSON.stringify(m).slice(0, 80));
    }
  });
});

import * as assert from 'node:assert/strict';
import { overCap, parseIndex, titleOf, type ConversationSummary } from '../../src/vscode/history/historyIndex';
import { LiveTurnMetrics, finalTurnMetrics } from '../../src/vscode/turnMetrics';

const conv = (id: string, updatedAt: number, bytes = 10): ConversationSummary => ({ id, title: id, createdAt: updatedAt, updatedAt, turnCount: 1, bytes });

describe('history cap', () => {
  it('drops the least recently updated conversations first, down to the count', () => {
    const list = [conv('c', 3), conv('a', 1), conv('d', 4), conv('b', 2)];
    assert.deepEqual(overCap(list, 'd', { maxConversations: 2, maxBytes: 1e9 }), ['a', 'b']);
  });

  it('drops by total size too, and never the open conversation even when it is the oldest', () => {
    const list = [conv('open', 1, 50), conv('x', 2, 50), conv('y', 3, 50)];
    assert.deepEqual(overCap(list, 'open', { maxConversations: 10, maxBytes: 100 }), ['x']);
  });

  it('drops nothing under the cap', () => {
    assert.deepEqual(overCap([conv('a', 1)], undefined, { maxConversations: 1, maxBytes: 10 }), []);
  });

  it('titles a conversation by its first question on one line, cut short', () => {
    assert.equal(titleOf('  What does\n\tthis do?  '), 'What does this do?');
    const long = titleOf('x'.repeat(200));
    assert.equal(long.length, 80);
    assert.ok(long.endsWith('…'));
  });

  it('reads back only well-formed index entries with safe ids', () => {
    const good = conv('0b8f6c1e-77aa-4c1e-9d7e-2f1c2a3b4c5d', 1);
    assert.deepEqual(parseIndex([good, { ...good, id: '../../x' }, { id: 'y' }, null]), [good]);
    assert.deepEqual(parseIndex('nope'), []);
  });
});

describe('turn metrics', () => {
  it('measures live figures from the host clock while the turn streams', () => {
    let now = 1000;
    const m = new LiveTurnMetrics(1000, () => now);
    now = 1400;
    m.text('reasoning', 'x'.repeat(400));
    now = 3400;
    m.text('content', 'y'.repeat(40));
    now = 4400;
    const live = m.snapshot();
    assert.deepEqual(live, {
      ttftMs: 400,
      thinkingMs: 2000,
      answerMs: 1000,
      totalMs: 3400,
      tokensPerSecond: 36.7,
      tokensEstimated: true,
      outputTokens: 110,
      live: true,
    });
  });

  it('prefers the provider\'s usage and cost when it reports them', () => {
    let now = 0;
    const m = new LiveTurnMetrics(0, () => now);
    now = 100;
    m.text('content', 'abc');
    m.addUsage({ inputTokens: 12 });
    m.addUsage({ outputTokens: 50, reasoningTokens: 20, cost: 0.0012 });
    now = 1100;
    const s = m.snapshot();
    assert.equal(s.outputTokens, 50);
    assert.equal(s.tokensEstimated, false);
    assert.equal(s.inputTokens, 12);
    assert.equal(s.reasoningTokens, 20);
    assert.equal(s.cost, 0.0012);
    assert.equal(s.tokensPerSecond, 50);
  });

  it('turns the session\'s final measure into thinking and answer time', () => {
    const final = finalTurnMetrics({
      firstReasoningMs: 300,
      firstContentMs: 2300,
      reasoningMs: 2000,
      totalMs: 4300,
      outputTokens: 200,
      tokensPerSecond: 50,
      tokensEstimated: false,
      attempts: 1,
      cost: 0.5,
    });
    assert.deepEqual(final, { ttftMs: 300, thinkingMs: 2000, answerMs: 2000, totalMs: 4300, tokensPerSecond: 50, tokensEstimated: false, outputTokens: 200, cost: 0.5 });
  });
});

import { strict as assert } from 'node:assert';
import { summaryLine, summaryText } from '../../src/core/session/summary';
import type { SessionResult } from '../../src/core/session/session';
import { HumanPrinter, JsonPrinter } from '../../src/cli/printer';
import { TranscriptChannel } from '../../src/vscode/transcriptChannel';

function result(over: Partial<SessionResult> = {}, metrics: Partial<SessionResult['metrics']> = {}): SessionResult {
  return {
    status: 'done',
    reasoning: 'r',
    content: 'c',
    steps: [],
    metrics: {
      firstReasoningMs: 400,
      firstContentMs: 1600,
      reasoningMs: 1200,
      totalMs: 3100,
      outputTokens: 119,
      reasoningTokens: 40,
      inputTokens: 12,
      tokensPerSecond: 44.1,
      tokensEstimated: false,
      attempts: 1,
      ...metrics,
    },
    ...over,
  };
}

function sink(): NodeJS.WritableStream & { text: string } {
  const s = { text: '', write: (chunk: string) => ((s.text += chunk), true) };
  return s as unknown as NodeJS.WritableStream & { text: string };
}

describe('the summary line, computed once', () => {
  it('says status, tokens, first token, thinking time, rate and total', () => {
    assert.equal(summaryLine(result()), 'done · 119 tokens (40 reasoning) · 12 in · first token 0.40s · thought 1.20s · 44.1 tok/s · 3.10s total');
    assert.equal(
      summaryLine(result({ status: 'truncated' }, { tokensEstimated: true, reasoningTokens: undefined, inputTokens: undefined, attempts: 3, cost: 0.0021 })),
      'cut off · ≈119 tokens · first token 0.40s · thought 1.20s · ≈44.1 tok/s · $0.0021 · 3.10s total · 3 attempts',
    );
  });

  it('the CLI (both printers) and the transcript print exactly that line', () => {
    const r = result({ status: 'cancelled' }, { attempts: 2 });
    const line = summaryLine(r);

    const human = { out: sink(), err: sink() };
    new HumanPrinter(human, false).end(r);
    assert.ok(human.err.text.includes(`thinkstream: ${line}\n`), human.err.text);

    const json = { out: sink(), err: sink() };
    new JsonPrinter(json).end(r);
    assert.equal(json.err.text, `thinkstream: ${line}\n`);

    let channel = '';
    const transcript = new TranscriptChannel({ append: (t: string) => (channel += t) } as never, () => 'answerAndReasoning');
    transcript.begin({ turnId: 't1', kind: 'Ask', providerId: 'p', model: 'm', origin: 'http://x', prompt: 'q' });
    transcript.end('t1', r);
    assert.ok(channel.includes(`── ${line} ──`), channel);
  });

  it('a restored turn, which has only its saved figures, is summed up by the same function', () => {
    let channel = '';
    const transcript = new TranscriptChannel({ append: (t: string) => (channel += t) } as never, () => 'answerAndReasoning');
    const metrics = { ttftMs: 400, thinkingMs: 1200, totalMs: 3100, outputTokens: 119, tokensPerSecond: 44.1, tokensEstimated: true };
    const turn = { id: 't', prompt: 'q', provider: 'p', model: 'm', state: 'done' as const, reasoning: 'r', content: 'c', startedAt: 0, metrics };
    transcript.restore([{ turn, message: 'q', kind: 'Ask' } as never]);
    const line = summaryText({ status: 'done', firstTokenMs: 400, thinkingMs: 1200, totalMs: 3100, outputTokens: 119, tokensPerSecond: 44.1, tokensEstimated: true });
    assert.equal(line, 'done · ≈119 tokens · first token 0.40s · thought 1.20s · ≈44.1 tok/s · 3.10s total');
    assert.ok(channel.includes(`── ${line} ──`), channel);
  });
});

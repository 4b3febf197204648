import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { StreamEventRedactor, StreamRedactor, redactSecrets, redactThenCut, redactorFor } from '../../src/core/redact';
import { describeHttpError } from '../../src/core/transport/errors';
import { ChatSession } from '../../src/core/session/session';
import { providerFromKind } from '../../src/core/providers/presets';
import type { StreamEvent } from '../../src/core/types';
import { SPELLINGS, leakedPiece, spell, type Spelling } from '../support/keySpellings';

const KEY = 'sk-hostile-c2affb23d9e14c7f8a';

/** A seeded choice source, so a failing spelling can be replayed. */
function picker(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s = (s * 1103515245 + 12345) >>> 0;
    return (s >>> 16) % n;
  };
}

describe('redaction: every spelling of a key', () => {
  for (const how of SPELLINGS) {
    it(`${how}: replaced wherever it sits, however each character is spelled`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const echo = spell(KEY, how, picker(seed), seed % 2 ? 'user' : 'ab');
        const text = `Incorrect API key provided: ${echo}. Find your key at the dashboard.`;
        const out = redactSecrets(text, [KEY]);
        assert.equal(leakedPiece(out, KEY), undefined, `${how} #${seed}: ${out}`);
        assert.match(out, /^Incorrect API key provided: \*\*\*\. Find your key at the dashboard\.$/, out);
      }
    });
  }

  it('JSON escapes in either case, mixed with plain characters', () => {
    const echo = '\\u0073\\u006B-hostile-\\u0043'.replace('\\u0043', 'c') + '2affb23d9e14c7f8a';
    assert.equal(redactSecrets(`key ${echo} bad`, [KEY]), 'key *** bad');
    const upper = [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`).join('');
    assert.equal(redactSecrets(`key "${upper}"`, [KEY]), 'key "***"');
  });

  it('percent escapes in any case, "+" for a space, and encoded twice', () => {
    const spaced = 'pass word with spaces 42';
    assert.equal(redactSecrets(`?p=pass+word%20with+spaces%2042&x=1`, [spaced]), '?p=***&x=1');
    assert.equal(redactSecrets(`u=${encodeURIComponent(encodeURIComponent('a/b+c=d&e1234'))}`, ['a/b+c=d&e1234']), 'u=***');
  });

  it('HTML entities: named, decimal and hex', () => {
    assert.equal(redactSecrets('&#115;&#x6B;&dash;hostile&#45;c2affb23d9e14c7f8a!', [KEY]), '***!');
  });

  it('base64 of user:key and of the key, in both alphabets, takes the whole token', () => {
    const basic = Buffer.from(`me:${KEY}`).toString('base64');
    assert.equal(redactSecrets(`Authorization: Basic ${basic} rejected`, [KEY]), 'Authorization: Basic *** rejected');
    const url = Buffer.from(`${KEY}?>?>`).toString('base64url');
    assert.equal(redactSecrets(`token=${url};`, [KEY]), 'token=***;');
  });

  it('a start of the key where the text ends, or an end of it where the text begins, counts as the key', () => {
    assert.equal(redactSecrets('The request sk-hostile-c2aff', [KEY]), 'The request ***');
    assert.equal(redactSecrets('The request sk-hostile-c2aff."', [KEY]), 'The request ***."');
    assert.equal(redactSecrets('The request \\u0073\\u006b-hostile-c2', [KEY]), 'The request ***');
    assert.equal(redactSecrets('ffb23d9e14c7f8a was refused', [KEY]), '*** was refused');
    assert.equal(redactSecrets('key sk-hostile-c2a… is invalid; …d9e14c7f8a', [KEY]), 'key ***… is invalid; …***');
    assert.equal(redactSecrets('key sk-hostile-c2a**************7f8a', [KEY]), 'key *****************7f8a');
  });

  it('leaves ordinary text, short pieces and other keys alone', () => {
    const text = 'Keys look like sk-… and are 30 characters; sk-hos is not one, nor sk-other-0123456789abcdef.';
    assert.equal(redactSecrets(text, [KEY]), text);
    assert.equal(redactSecrets('use 100% of 50%+ & more &amp; \\n done', [KEY]), 'use 100% of 50%+ & more &amp; \\n done');
  });

  it('cuts only after redacting, so a cut never leaves part of a key', () => {
    const text = `${'y'.repeat(285)} ${KEY} and more`;
    const out = redactThenCut(text, [KEY], 300);
    assert.ok(out.length <= 300);
    assert.equal(leakedPiece(out, KEY), undefined, out);
    assert.ok(out.endsWith('*** and more') || out.endsWith('…'), out);
  });
});

describe('redaction: error messages', () => {
  it('a 401 echoing the key JSON-escaped after 280 characters shows no part of it', () => {
    const escaped = [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const body = `{"error":{"message":"${'The request was refused. '.repeat(12).slice(0, 280)}The request ${escaped} is not valid."}}`;
    const { message, providerMessage } = describeHttpError(401, 'Unauthorized', body, 'application/json', 'openai', [KEY]);
    for (const text of [message, providerMessage ?? '']) {
      assert.equal(leakedPiece(text, KEY), undefined, text);
    }
    assert.ok(providerMessage!.length <= 300);
  });

  it('an in-stream error with no message field is redacted before it is shortened', async () => {
    const event = { error: { code: 401, detail: `${'x'.repeat(270)} ${KEY} and a long tail ${'z'.repeat(400)}` } };
    const r = await replayed([`data: ${JSON.stringify(event)}\n\n`]);
    assert.equal(r.status, 'error');
    assert.equal(leakedPiece(r.error!.message, KEY), undefined, r.error!.message);
    assert.ok(r.error!.message.includes('***'), r.error!.message);
  });

  it('property: no 6 characters of a random key survive any spelling, embedding or cut', () => {
    fc.assert(
      fc.property(echoCase(), ({ key, echo, before, after, cut, carrier }) => {
        let text = `${before}${echo}${after}`;
        if (cut.side === 'end') text = text.slice(0, before.length + Math.floor(cut.at * echo.length));
        if (cut.side === 'start') text = text.slice(before.length + Math.floor(cut.at * echo.length));
        const body = carrier === 'json' ? `{"error":{"message":"${text}"}}` : carrier === 'html' ? `<html><head><title>${text}</title></head></html>` : text;
        const type = carrier === 'json' ? 'application/json' : carrier === 'html' ? 'text/html' : 'text/plain';
        const { message, providerMessage } = describeHttpError(401, 'Unauthorized', body, type, 'openai', [key]);
        for (const shown of [message, providerMessage ?? '']) {
          const piece = leakedPiece(shown, key);
          if (piece) throw new Error(`"${piece}" of ${key} survived in: ${shown}`);
        }
      }),
      { numRuns: Number(process.env.REDACT_RUNS ?? 400) },
    );
  });
});

describe('redaction: streamed text', () => {
  const redactor = redactorFor([KEY]);

  function streamed(parts: string[]): { shown: string[]; joined: string } {
    const stream = new StreamRedactor(redactor);
    const shown = parts.map((p) => stream.push(p));
    shown.push(stream.end());
    return { shown, joined: shown.join('') };
  }

  for (const how of SPELLINGS) {
    it(`${how}: a key split across two deltas at every position never shows`, () => {
      const echo = spell(KEY, how, picker(7));
      const text = `Here is your key: ${echo} — keep it safe.`;
      for (let at = 0; at <= text.length; at++) {
        const { joined } = streamed([text.slice(0, at), text.slice(at)]);
        assert.equal(leakedPiece(joined, KEY), undefined, `${how} split at ${at}: ${joined}`);
        // A base64 token may show the user name's characters, or the padding, on the far side of a split.
        const expected = how.startsWith('base64') || how.startsWith('basic') ? /^Here is your key: [\w+/=-]{0,8}\*\*\*[\w+/=-]{0,3} — keep it safe\.$/ : /^Here is your key: \*\*\* — keep it safe\.$/;
        assert.match(joined, expected, `${how} split at ${at}`);
      }
    });
  }

  it('a key arriving one character at a time never shows', () => {
    const text = `a ${KEY} b`;
    const { joined } = streamed([...text]);
    assert.equal(joined, 'a *** b');
  });

  it('holds back only a tail that could begin the key, and only while it could', () => {
    const stream = new StreamRedactor(redactor);
    assert.equal(stream.push('Hello world. '), 'Hello world. ');
    assert.equal(stream.push('It costs 5'), 'It costs 5');
    assert.equal(stream.push(' dollars, s'), ' dollars, ', 'an "s" could begin the key');
    assert.equal(stream.push('o'), 'so', 'released as soon as it cannot');
    assert.equal(stream.push(' sk-host'), ' ');
    assert.equal(stream.push('el'), 'sk-hostel');
    assert.equal(stream.end(), '');
  });

  it('a stream that ends on the start of the key shows no part of it', () => {
    assert.equal(streamed(['The key is sk-hostile-c2', 'affb']).joined, 'The key is ***');
  });

  it('property: random deltas of text echoing a random key never show 6 of its characters', () => {
    fc.assert(
      fc.property(echoCase(), fc.array(fc.nat(), { maxLength: 12 }), ({ key, echo, before, after }, cuts) => {
        const text = `${before}${echo}${after}`;
        const positions = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const parts = [0, ...positions, text.length].slice(1).map((end, i, all) => text.slice(i === 0 ? 0 : all[i - 1], end));
        const stream = new StreamRedactor(redactorFor([key]));
        const shown = parts.map((p) => stream.push(p)).join('') + stream.end();
        const piece = leakedPiece(shown, key);
        if (piece) throw new Error(`"${piece}" of ${key} survived in: ${shown}`);
      }),
      { numRuns: Number(process.env.REDACT_RUNS ?? 300) },
    );
  });

  it('the session hands every sink redacted text: events, deltas and the result', async () => {
    const deltas: string[] = [];
    const events: StreamEvent[] = [];
    const frames = [`Your key ${KEY.slice(0, 9)}`, `${KEY.slice(9)} is echoed`, ', and in reasoning too'].map(
      (content, i) => `data: ${JSON.stringify({ choices: [{ delta: i === 2 ? { reasoning_content: `${KEY}${content}` } : { content } }] })}\n\n`,
    );
    const r = await replayed([...frames, 'data: [DONE]\n\n'], { onDelta: (_k, t) => deltas.push(t), onEvent: (e) => events.push(e) });
    assert.equal(r.content, `Your key *** is echoed`);
    assert.equal(r.reasoning, '***, and in reasoning too');
    for (const text of [deltas.join(''), JSON.stringify(events)]) assert.equal(leakedPiece(text, KEY), undefined, text);
  });

  it('releases the held tail before the stream switches between reasoning and answer', () => {
    const events = new StreamEventRedactor(redactor);
    const out = [
      ...events.pass({ type: 'reasoning', text: 'thinking s' }),
      ...events.pass({ type: 'content', text: 'answer' }),
      ...events.pass({ type: 'finish', reason: 'stop' }),
    ];
    assert.deepEqual(out, [
      { type: 'reasoning', text: 'thinking ' },
      { type: 'reasoning', text: 's' },
      { type: 'content', text: 'answer' },
      { type: 'finish', reason: 'stop' },
    ]);
  });
});

/** Runs SSE frames through a session with the key set, as a server would send them. */
function replayed(frames: string[], extra: { onDelta?: (k: 'reasoning' | 'content', t: string) => void; onEvent?: (e: StreamEvent) => void } = {}) {
  const provider = providerFromKind('openai', 'http://127.0.0.1:9/v1', 'm');
  const session = new ChatSession({ provider, apiKey: KEY, request: { messages: [{ role: 'user', content: 'hi' }] }, ...extra }, async () => ({
    body: (async function* () {
      for (const f of frames) yield new TextEncoder().encode(f);
    })(),
  }));
  return session.start();
}

const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const WORDS = ['Incorrect', 'API', 'key', 'provided:', 'the', 'request', 'was', 'refused', 'for', '—', '"', '(', ')', '.', 'see', 'docs'];

function echoCase() {
  return fc.record({
    key: fc
      .tuple(fc.constantFrom('sk-', 'sk-proj-', 'gsk_', ''), fc.array(fc.constantFrom(...KEY_CHARS), { minLength: 12, maxLength: 48 }))
      .map(([prefix, chars]) => prefix + chars.join('')),
    how: fc.constantFrom<Spelling>(...SPELLINGS),
    seed: fc.nat(),
    user: fc.constantFrom('u', 'me', 'user', 'admin'),
    before: fc.array(fc.constantFrom(...WORDS), { maxLength: 40 }).map((w) => w.join(' ') + ' '),
    after: fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((w) => (w.length ? ' ' + w.join(' ') : '')),
    cut: fc.record({ side: fc.constantFrom('none', 'end', 'start'), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    carrier: fc.constantFrom('json', 'html', 'text'),
  }).map((c) => ({ ...c, echo: spell(c.key, c.how, picker(c.seed), c.user) }));
}

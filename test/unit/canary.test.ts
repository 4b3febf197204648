// The canary-key scanner used against the real workbench: it must find the key in
// every encoding a leak could take, whole or in part, and nothing else.
import * as assert from 'node:assert/strict';
import { ENCODINGS, findLeaks, makeCanary, needlesFor } from '../vscode/hostile/canary';

describe('canary key scanner', () => {
  const canary = makeCanary();
  const needles = needlesFor(canary);
  const found = (text: string) => findLeaks('t', text, needles).map((l) => l.form);

  it('finds the key in each encoding, whole', () => {
    for (const [form, encode] of Object.entries(ENCODINGS)) {
      const forms = found(`before ${encode(canary)} after`);
      assert.ok(forms.includes(form), `${form}: ${forms.join(', ')}`);
      if (form !== 'raw') assert.ok(!forms.includes('raw'), form);
    }
  });

  it('finds any 8-character piece of it', () => {
    for (let i = 0; i + 8 <= canary.length; i++) assert.deepEqual(found(`…${canary.slice(i, i + 8)}…`), ['raw'], `piece at ${i}`);
  });

  it('finds it base64-encoded at any alignment, alone or as user:key', () => {
    for (const prefix of ['', 'u', 'us', 'user:', 'Authorization: Basic ']) {
      const text = `Basic ${Buffer.from(prefix + canary).toString('base64')}`;
      assert.ok(found(text).includes('base64'), prefix);
    }
  });

  it('does not find a redacted echo, another key or the key shortened below 8 characters', () => {
    const other = makeCanary();
    const text = `Incorrect API key provided: sk-…${canary.slice(-4)} ${other} ${canary.slice(0, 7)} ${Buffer.from(other).toString('base64')}`;
    assert.deepEqual(found(text), []);
  });

  it('never repeats the key in what it reports', () => {
    const [leak] = findLeaks('t', `x ${canary} y`, needles);
    assert.ok(leak);
    assert.deepEqual(findLeaks('report', JSON.stringify(leak), needles), []);
  });
});

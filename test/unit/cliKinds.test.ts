import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { KEY, run } from '../support/cliRun';
import { FakeProvider, geminiError } from '../support/fakeProvider';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');
const jsonEvents = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l));

describe('thinkstream CLI: --kind responses and --kind gemini', function () {
  this.timeout(20_000);
  let fake: FakeProvider;

  before(async () => {
    fake = await FakeProvider.start();
  });
  after(() => fake.close());

  it('--kind responses --replay shows the reasoning summary on stderr and the answer alone on stdout', async () => {
    const r = await run(['ask', '--kind', 'responses', '--replay', path.join(FIXTURES, 'responses/reasoning-summary.sse')], { env: { THINKSTREAM_API_KEY: '' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '2 + 2 = **4**.');
    assert.ok(r.stderr.includes('**Checking the sum**\n\nTwo plus two is four; no trick here.\n\n**Choosing the format**'), r.stderr);
    assert.match(r.stderr, /612 tokens \(448 reasoning\)/);
  });

  it('--kind responses against a server: POST {base}/responses with a summary request, Bearer key', async () => {
    fake.enqueue({ fixture: 'responses/reasoning-summary.sse' });
    const r = await run(['ask', '--kind', 'responses', '--base-url', `${fake.url}/v1`, '--model', 'gpt-5-mini', '--reasoning', 'high', '--max-tokens', '900', '--system', 'Be brief.', '--json', 'What is 2+2?']);
    assert.equal(r.code, 0, r.stderr);
    const req = fake.requests.at(-1)!;
    assert.equal(req.path, '/v1/responses');
    assert.equal(req.headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual(req.body.reasoning, { effort: 'high', summary: 'auto' });
    assert.equal(req.body.stream, true);
    assert.equal(req.body.instructions, 'Be brief.');
    assert.equal(req.body.max_output_tokens, 900);
    assert.deepEqual(req.body.input, [{ role: 'user', content: 'What is 2+2?' }]);
    const events = jsonEvents(r.stdout);
    assert.deepEqual(events.find((e) => e.type === 'finish'), { type: 'finish', reason: 'stop', raw: 'completed' });
    assert.ok(!r.stdout.includes(KEY) && !r.stderr.includes(KEY));
  });

  it('the openai preset now speaks the Responses API, stateless, asking for encrypted reasoning', async () => {
    fake.enqueue({ fixture: 'responses/reasoning-summary.sse' });
    const r = await run(['ask', '--provider', 'openai', '--base-url', `${fake.url}/v1`, 'hi']);
    assert.equal(r.code, 0, r.stderr);
    const req = fake.requests.at(-1)!;
    assert.equal(req.path, '/v1/responses');
    assert.equal(req.body.store, false);
    assert.deepEqual(req.body.include, ['reasoning.encrypted_content']);
  });

  it('--kind responses: max_output_tokens hit while reasoning is a length finish that says the answer is empty, exit 0', async () => {
    const r = await run(['ask', '--kind', 'responses', '--replay', path.join(FIXTURES, 'responses/incomplete-max-output-tokens.sse')], { env: { THINKSTREAM_API_KEY: '' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.includes('Start from the definition of a prime and'));
    assert.match(r.stderr, /reasoning was cut off by the token limit before the answer began/);
  });

  it('--kind responses: an error event then response.failed is one error with the provider message, exit 1', async () => {
    fake.enqueue({ fixture: 'responses/error-then-failed.sse' });
    const r = await run(['ask', '--kind', 'responses', '--base-url', `${fake.url}/v1`, '--json', 'hi']);
    assert.equal(r.code, 1);
    const events = jsonEvents(r.stdout);
    const errors = events.filter((e) => e.type === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /You exceeded your current quota/);
    assert.deepEqual(events.filter((e) => e.type === 'content'), [{ type: 'content', text: 'Partial' }]);
  });

  it('--kind gemini --replay shows thoughts as reasoning and counts thoughts in the output tokens', async () => {
    const r = await run(['ask', '--kind', 'gemini', '--replay', path.join(FIXTURES, 'gemini/thinking.sse'), '--json'], { env: { THINKSTREAM_API_KEY: '' } });
    assert.equal(r.code, 0, r.stderr);
    const events = jsonEvents(r.stdout);
    assert.equal(events.filter((e) => e.type === 'content').map((e) => e.text).join(''), '2 + 2 = **4**.');
    assert.ok(events.filter((e) => e.type === 'reasoning').map((e) => e.text).join('').startsWith('**Parsing the request**'));
    assert.deepEqual(events.find((e) => e.type === 'usage'), { type: 'usage', inputTokens: 14, outputTokens: 208, reasoningTokens: 187 });
  });

  it('--kind gemini against a server: the key travels only in x-goog-api-key, never in the URL', async () => {
    fake.enqueue({ fixture: 'gemini/thinking.sse' });
    const r = await run(['ask', '--kind', 'gemini', '--base-url', fake.url, '--model', 'gemini-2.5-flash', '--reasoning', '2048', 'What is 2+2?']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '2 + 2 = **4**.');
    const req = fake.requests.at(-1)!;
    assert.equal(req.url, '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    assert.equal(req.headers['x-goog-api-key'], KEY);
    assert.equal(req.headers.authorization, undefined);
    assert.ok(!req.url.includes(KEY) && !req.url.includes('key='), req.url);
    assert.deepEqual(req.body.generationConfig.thinkingConfig, { includeThoughts: true, thinkingBudget: 2048 });
    assert.deepEqual(req.body.contents, [{ role: 'user', parts: [{ text: 'What is 2+2?' }] }]);
  });

  it('--kind gemini: a blocked prompt is a content_filter finish, exit 0, not a silent empty answer', async () => {
    fake.enqueue({ fixture: 'gemini/blocked-prompt.sse' });
    const r = await run(['ask', '--kind', 'gemini', '--base-url', fake.url, '--model', 'x', '--json', 'hi']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(jsonEvents(r.stdout).find((e) => e.type === 'finish'), { type: 'finish', reason: 'content_filter', raw: 'PROHIBITED_CONTENT' });
  });

  it('--kind gemini: an error before the stream (404 JSON sent as text/event-stream) names the problem, exit 1', async () => {
    const notFound = geminiError(404, 'NOT_FOUND', 'models/nope is not found for API version v1beta, or is not supported for generateContent.');
    fake.enqueue({ ...notFound, headers: { 'content-type': 'text/event-stream' } });
    const r = await run(['ask', '--kind', 'gemini', '--base-url', fake.url, '--model', 'nope', '--retries', '0', 'hi']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /models\/nope is not found/);
    assert.ok(!r.stderr.includes(KEY));
  });

  it('--kind gemini: an error after the 200 as bare JSON lines keeps the partial answer, exit 1', async () => {
    fake.enqueue({ fixture: 'gemini/error-after-200-bare.sse', chunking: { seed: 5, minBytes: 3, maxBytes: 20 } });
    const r = await run(['ask', '--kind', 'gemini', '--base-url', fake.url, '--model', 'x', 'hi']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'Partial answer');
    assert.match(r.stderr, /The model is overloaded/);
  });

  it('Anthropic redacted thinking is said in words on stderr and is its own event in --json', async () => {
    const file = path.join(FIXTURES, 'anthropic/redacted-thinking.sse');
    const human = await run(['ask', '--kind', 'anthropic', '--replay', file], { env: { THINKSTREAM_API_KEY: '' } });
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stderr, /some reasoning was redacted by the provider/);
    assert.ok(!human.stderr.includes('[redacted thinking]'));
    const json = await run(['ask', '--kind', 'anthropic', '--replay', file, '--json'], { env: { THINKSTREAM_API_KEY: '' } });
    const events = jsonEvents(json.stdout);
    assert.deepEqual(events.filter((e) => e.type === 'redacted'), [{ type: 'redacted' }]);
    assert.equal(events.filter((e) => e.type === 'reasoning').map((e) => e.text).join(''), 'The user asks about the weather policy.');
  });

  it('--kind gemini: a 429 RESOURCE_EXHAUSTED before the stream is reported with its status, exit 1', async () => {
    fake.enqueue(geminiError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'));
    const r = await run(['ask', '--kind', 'gemini', '--base-url', fake.url, '--model', 'x', '--retries', '0', 'hi']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /429/);
    assert.match(r.stderr, /Resource has been exhausted/);
  });

  it('rejects an unknown --kind, naming the five protocols', async () => {
    const r = await run(['ask', '--kind', 'grpc', 'hi']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /openai, responses, anthropic, gemini, ollama/);
  });
});

// Turns and model output the harness streams into the chat view, including output
// that tries to run script, load remote images and navigate the webview.
import type { TurnState } from '../../src/protocol';

export const REASONING =
  'The user asks why the cache misses. Look at the key: it includes the timestamp,\n' +
  'so every call builds a new key.\n\nCheck whether the TTL matters too — no, entries never match in the first place.\n';

export const HOSTILE_ANSWER = [
  '## Why the cache never hits\n\n',
  'The key includes `Date.now()`, so **every** call builds a fresh key. ',
  'See [the docs](https://example.com/cache) and [this](javascript:alert(1)).\n\n',
  '```ts\nconst key = `${user.id}:${Date.now()}`; // changes every call\n\nfunction get(k: string) {\n  return cache.get(k);\n}\n```\n\n',
  'Model output that must stay inert: <img src=x onerror=alert(1)> and ',
  '<script>window.__pwned = 1</script> and <b onmouseover="alert(2)">bold?</b>\n\n',
  '<iframe src="https://example.com"></iframe>\n\n',
  '![tracking pixel](https://example.com/pixel.png)\n\n',
  '| option | effect |\n|---|---|\n| `ttl` | expiry |\n| `key` | identity |\n\n',
  '1. Drop the timestamp from the key.\n2. Keep the TTL as it is.\n   - nested note\n\n',
  '- [x] found the bug\n- [ ] write a test\n\n',
  '> A quote, for good measure.\n\n',
  'That is all.',
].join('');

export const CODE_LINE = 'const key = `${user.id}:${Date.now()}`; // changes every call';

export function doneTurn(now: number): TurnState {
  return {
    id: 't1',
    prompt: 'Explain this function',
    ref: { file: 'src/cache.ts', startLine: 10, endLine: 24, uri: 'file:///work/src/cache.ts' },
    provider: 'DeepSeek',
    model: 'deepseek-reasoner',
    state: 'done',
    phase: 'answering',
    reasoning: 'It memoizes by key.\nThe key is stable, so repeated calls hit.',
    content: 'It **memoizes** `load()` by key:\n\n```ts\nconst hit = cache.get(key);\n```\n\nRepeated calls return the cached value.',
    startedAt: now - 30_000,
    reasoningStartedAt: now - 29_000,
    reasoningMs: 12_400,
    metrics: { ttftMs: 820, totalMs: 18_300, tokensPerSecond: 41.3, tokensEstimated: true, outputTokens: 240 },
  };
}

export function newTurn(id: string, prompt: string, now: number): TurnState {
  return {
    id,
    prompt,
    provider: 'OpenRouter',
    model: 'qwen/qwq-32b',
    state: 'streaming',
    phase: 'waiting',
    reasoning: '',
    content: '',
    startedAt: now,
  };
}

export function errorTurn(now: number): TurnState {
  return {
    ...newTurn('t-err', 'Summarize the open issues', now - 9000),
    state: 'error',
    phase: 'answering',
    content: 'There are three open issues:\n\n1. The cache key',
    error: 'HTTP 429 Too Many Requests — rate limited, retry in 20 s',
    notice: 'The partial answer was kept.',
  };
}

export function thinkingTurn(now: number): TurnState {
  return {
    ...newTurn('t-live', 'Is the retry loop safe when the server closes the socket mid-body?', now - 5200),
    phase: 'thinking',
    reasoningStartedAt: now - 4200,
    reasoning: 'Retries happen only before the first byte.\nAfter that the partial answer is kept, so a mid-body close ends the turn with an error',
  };
}

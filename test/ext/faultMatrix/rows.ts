// The fault matrix: every fault a provider, a proxy or the network can throw at a
// chat request, what the person must see afterwards, and what must survive. The
// extension-host suite runs each row through the real Ask path; RELIABILITY.md is
// the same table in prose, and a unit test keeps the two in step.
import type { FakeProvider, Scenario } from '../../support/fakeProvider';
import { anthropicError, hugeLineEvent, htmlErrorPage, openAiError } from '../../support/fakeProvider';
import { fixtureBytes, manifest, midAnswer, midReasoning, type Cut } from './cuts';

export type RowKind = 'openai' | 'responses' | 'anthropic' | 'gemini' | 'ollama';

export interface MatrixContext {
  fake: FakeProvider;
  /** A second origin: where a redirect points. */
  other: FakeProvider;
  closedPort: number;
  /** Accepts TCP, never answers TLS. */
  tlsHolePort: number;
  /** Accepts TCP, never answers CONNECT. */
  proxyHolePort: number;
}

export interface Expectation {
  state: 'done' | 'error';
  /** What the chat and the transcript say. */
  message?: RegExp;
  reasoning: string;
  content: string;
  /** Requests the fake provider saw for this row. */
  requests?: number;
  attempts?: number;
}

export interface FaultRow {
  id: string;
  group: 'connection' | 'timeouts' | 'body' | 'mid-stream' | 'http' | 'redirect';
  fault: string;
  kind?: RowKind;
  /** Instead of the fake provider's own address. */
  baseUrl?(c: MatrixContext): string;
  scenarios?(c: MatrixContext): Scenario[];
  /** Setting overrides for this row, by full name (e.g. "thinkstream.retries", "http.proxy"). */
  settings?(c: MatrixContext): Record<string, unknown>;
  expect(c: MatrixContext): Expectation;
}

/** The suite's short limits, so timeouts take about a second each. */
export const MATRIX_SETTINGS: Record<string, unknown> = {
  'thinkstream.timeouts.connect': 1000,
  'thinkstream.timeouts.firstByte': 1500,
  'thinkstream.timeouts.idle': 700,
  'thinkstream.timeouts.noData': 1500,
  'thinkstream.retries': 0,
  // The transcript is off by default; the matrix checks it too, so it is on here.
  'thinkstream.outputChannel.mirror': 'answerAndReasoning',
};

const LONG_OPENAI = 'openai/long-deepseek.sse';
const LONG_ANTHROPIC = 'anthropic/long-claude.sse';
const LONG_RESPONSES = 'responses/long-gpt5.sse';
const LONG_GEMINI = 'gemini/long-gemini.sse';
const SMALL = 'openai/deepseek-reasoner.sse';
const HOST = String.raw`127\.0\.0\.1:\d+`;
const NOTHING = { reasoning: '', content: '' };

function full(name: string): { reasoning: string; content: string } {
  return { reasoning: manifest[name].reasoning, content: manifest[name].content };
}

function partial(cut: Cut): { reasoning: string; content: string } {
  return { reasoning: cut.reasoning, content: cut.content };
}

const lazy = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= make());
};
const reasoningCut = lazy(() => midReasoning(LONG_OPENAI));
const answerCut = lazy(() => midAnswer(LONG_OPENAI));
const claudeReasoningCut = lazy(() => midReasoning(LONG_ANTHROPIC));
const claudeAnswerCut = lazy(() => midAnswer(LONG_ANTHROPIC));
const gptReasoningCut = lazy(() => midReasoning(LONG_RESPONSES));
const geminiAnswerCut = lazy(() => midAnswer(LONG_GEMINI));
const smallReasoningCut = lazy(() => {
  const bytes = fixtureBytes(SMALL);
  const at = bytes.subarray(0, bytes.indexOf('"content":"Hello!"')).lastIndexOf('\n\n') + 2;
  return { bytes: at, reasoning: 'Hmm, a greeting.', content: '' };
});

function httpRow(id: string, fault: string, scenario: Scenario, message: RegExp, kind: RowKind = 'openai'): FaultRow {
  return { id, group: 'http', fault, kind, scenarios: () => [scenario], expect: () => ({ state: 'error', message, ...NOTHING, requests: 1 }) };
}

function midStreamRow(id: string, fixture: string): FaultRow {
  const m = manifest[fixture];
  return {
    id,
    group: 'mid-stream',
    fault: `error event inside a 200 stream: ${fixture}`,
    kind: m.kind as RowKind,
    scenarios: () => [{ fixture }],
    expect: () => ({ state: 'error', message: new RegExp(escape(m.error!.messageIncludes)), ...full(fixture) }),
  };
}

/** Gemini's own error body: google.rpc.Status inside "error". */
function geminiError(status: number, rpcStatus: string, message: string): Scenario {
  return { status, body: JSON.stringify({ error: { code: status, message, status: rpcStatus } }) };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function httpDate(msFromNow: number): string {
  return new Date(Date.now() + msFromNow).toUTCString();
}

export const ROWS: FaultRow[] = [
  // ---- connection ----
  {
    id: 'C1',
    group: 'connection',
    fault: 'connection refused (nothing listens on the port)',
    baseUrl: (c) => `http://127.0.0.1:${c.closedPort}/v1`,
    expect: () => ({ state: 'error', message: new RegExp(`^Could not connect to ${HOST}: connection refused — is the server running\\?$`), ...NOTHING }),
  },
  {
    id: 'C2',
    group: 'connection',
    fault: 'DNS failure (a .invalid host)',
    baseUrl: () => 'http://thinkstream-fault.invalid/v1',
    expect: () => ({ state: 'error', message: /^Could not resolve the host name of thinkstream-fault\.invalid/, ...NOTHING }),
  },
  {
    id: 'C3',
    group: 'connection',
    fault: 'TLS handshake never answered (connect timeout)',
    baseUrl: (c) => `https://127.0.0.1:${c.tlsHolePort}/v1`,
    expect: () => ({ state: 'error', message: new RegExp(`^Could not connect to ${HOST} within 1s$`), ...NOTHING }),
  },
  {
    id: 'C4',
    group: 'connection',
    fault: 'proxy accepts TCP but never answers CONNECT (connect timeout through the proxy)',
    settings: (c) => ({ 'http.proxy': `http://127.0.0.1:${c.proxyHolePort}` }),
    expect: () => ({ state: 'error', message: new RegExp(`^Could not connect to ${HOST} within 1s through the proxy http://${HOST}$`), ...NOTHING, requests: 0 }),
  },
  {
    id: 'C5',
    group: 'connection',
    fault: 'reset before any response',
    scenarios: () => [{ fixture: SMALL, faults: { resetBeforeHeaders: true } }],
    expect: () => ({ state: 'error', message: new RegExp(`^The connection to ${HOST} closed before a response arrived`), ...NOTHING }),
  },
  {
    id: 'C6',
    group: 'connection',
    fault: 'reset after the headers, before the first byte',
    scenarios: () => [{ fixture: LONG_OPENAI, faults: { resetAfterBytes: 0 } }],
    expect: () => ({ state: 'error', message: new RegExp(`^The connection to ${HOST} was lost mid-response`), ...NOTHING }),
  },
  {
    id: 'C7',
    group: 'connection',
    fault: 'reset mid-reasoning (OpenAI-compatible)',
    scenarios: () => [{ fixture: LONG_OPENAI, faults: { resetAfterBytes: reasoningCut().bytes } }],
    expect: () => ({ state: 'error', message: new RegExp(`^The connection to ${HOST} was lost mid-response`), ...partial(reasoningCut()) }),
  },
  {
    id: 'C8',
    group: 'connection',
    fault: 'reset mid-answer (OpenAI-compatible)',
    scenarios: () => [{ fixture: LONG_OPENAI, faults: { resetAfterBytes: answerCut().bytes } }],
    expect: () => ({ state: 'error', message: new RegExp(`^The connection to ${HOST} was lost mid-response`), ...partial(answerCut()) }),
  },
  {
    id: 'C9',
    group: 'connection',
    fault: 'reset mid-reasoning (Anthropic)',
    kind: 'anthropic',
    scenarios: () => [{ fixture: LONG_ANTHROPIC, faults: { resetAfterBytes: claudeReasoningCut().bytes } }],
    expect: () => ({ state: 'error', message: new RegExp(`^The connection to ${HOST} was lost mid-response`), ...partial(claudeReasoningCut()) }),
  },
  {
    id: 'C11',
    group: 'connection',
    fault: 'reset mid-reasoning (OpenAI Responses)',
    kind: 'responses',
    scenarios: () => [{ fixture: LONG_RESPONSES, faults: { resetAfterBytes: gptReasoningCut().bytes } }],
    expect: () => ({ state: 'error', message: new RegExp(`^The connection to ${HOST} was lost mid-response`), ...partial(gptReasoningCut()) }),
  },
  {
    id: 'C12',
    group: 'connection',
    fault: 'reset mid-answer (Gemini)',
    kind: 'gemini',
    scenarios: () => [{ fixture: LONG_GEMINI, faults: { resetAfterBytes: geminiAnswerCut().bytes } }],
    expect: () => ({ state: 'error', message: new RegExp(`^The connection to ${HOST} was lost mid-response`), ...partial(geminiAnswerCut()) }),
  },
  {
    id: 'C10',
    group: 'connection',
    fault: 'clean close mid-answer, no finish and no [DONE]',
    kind: 'anthropic',
    scenarios: () => [{ fixture: LONG_ANTHROPIC, faults: { endAfterBytes: claudeAnswerCut().bytes } }],
    expect: () => ({ state: 'error', message: /^The connection closed before the model finished its answer \(the server sent no finish\)\.$/, ...partial(claudeAnswerCut()) }),
  },

  // ---- timeouts ----
  {
    id: 'T1',
    group: 'timeouts',
    fault: 'first-byte timeout: headers sent, no body',
    scenarios: () => [{ fixture: SMALL, pacing: { firstByteDelayMs: 10_000 } }],
    expect: () => ({
      state: 'error',
      message: new RegExp(`^No response from ${HOST} within 1\\.5s \\(first-byte timeout; raise the setting thinkstream\\.timeouts\\.firstByte for slow local models\\)$`),
      ...NOTHING,
    }),
  },
  {
    id: 'T2',
    group: 'timeouts',
    fault: 'first-byte timeout: not even headers',
    scenarios: () => [{ fixture: SMALL, faults: { hangBeforeHeaders: true } }],
    expect: () => ({ state: 'error', message: new RegExp(`^No response from ${HOST} within 1\\.5s \\(first-byte timeout`), ...NOTHING }),
  },
  {
    id: 'T3',
    group: 'timeouts',
    fault: 'idle stall mid-reasoning',
    scenarios: () => [{ fixture: LONG_OPENAI, faults: { stallAfterBytes: reasoningCut().bytes } }],
    expect: () => ({
      state: 'error',
      message: /^The stream stalled: no data for 700ms \(idle timeout; raise the setting thinkstream\.timeouts\.idle if the model pauses longer\)$/,
      ...partial(reasoningCut()),
    }),
  },
  {
    id: 'T4',
    group: 'timeouts',
    fault: 'idle stall mid-answer',
    scenarios: () => [{ fixture: LONG_OPENAI, faults: { stallAfterBytes: answerCut().bytes } }],
    expect: () => ({ state: 'error', message: /^The stream stalled: no data for 700ms \(idle timeout/, ...partial(answerCut()) }),
  },
  {
    id: 'T5',
    group: 'timeouts',
    fault: 'a stream that only sends keep-alive comments',
    scenarios: () => [{ fixture: SMALL, faults: { stallAfterBytes: 0, keepAliveMs: 200 } }],
    expect: () => ({
      state: 'error',
      message: /^The server kept the connection open but sent no model data for 1\.5s, only keep-alives \(no-data timeout; raise the setting thinkstream\.timeouts\.noData if the model thinks silently for longer\)$/,
      ...NOTHING,
    }),
  },
  {
    id: 'T6',
    group: 'timeouts',
    fault: 'keep-alive comments only, after the reasoning began',
    scenarios: () => [{ fixture: SMALL, faults: { stallAfterBytes: smallReasoningCut().bytes, keepAliveMs: 200 } }],
    expect: () => ({ state: 'error', message: /^The server kept the connection open but sent no model data for 1\.5s/, ...partial(smallReasoningCut()) }),
  },

  // ---- bodies that are not a plain event stream ----
  {
    id: 'B1',
    group: 'body',
    fault: 'gzip-encoded event stream (Content-Encoding: gzip)',
    scenarios: () => [{ fixture: LONG_OPENAI, faults: { contentEncoding: 'gzip' } }],
    expect: () => ({ state: 'done', ...full(LONG_OPENAI) }),
  },
  {
    id: 'B2',
    group: 'body',
    fault: 'gzip-encoded stream cut off mid-block',
    scenarios: () => [{ body: fixtureBytes(SMALL), faults: { contentEncoding: 'gzip', endAfterBytes: 40 } }],
    expect: () => ({ state: 'error', message: /^The server's gzip-encoded answer could not be decoded: it is cut off or corrupt/, ...NOTHING }),
  },
  {
    id: 'B3',
    group: 'body',
    fault: 'a coding we cannot read (Content-Encoding: zstd)',
    scenarios: () => [{ fixture: SMALL, faults: { contentEncoding: 'zstd' } }],
    expect: () => ({ state: 'error', message: /^The server sent a zstd-encoded answer, which Thinkstream cannot decode/, ...NOTHING }),
  },
  {
    id: 'B4',
    group: 'body',
    fault: 'text/plain 200',
    scenarios: () => [{ body: 'OK\n', headers: { 'content-type': 'text/plain' } }],
    expect: () => ({ state: 'error', message: /^The server answered with text\/plain instead of an event stream: "OK" — check the base URL\.$/, ...NOTHING }),
  },
  {
    id: 'B5',
    group: 'body',
    fault: 'empty 200',
    scenarios: () => [{ body: '' }],
    expect: () => ({ state: 'error', message: /^The server answered with an empty body instead of an event stream/, ...NOTHING }),
  },
  {
    id: 'B6',
    group: 'body',
    fault: 'HTML page with status 200 (captive portal)',
    scenarios: () => [{ body: '<!doctype html><html><head><title>Hotel Wi-Fi login</title></head><body><script>alert(1)</script></body></html>', headers: { 'content-type': 'text/html' } }],
    expect: () => ({ state: 'error', message: /^The server answered with an HTML page instead of an event stream \("Hotel Wi-Fi login"\)/, ...NOTHING }),
  },
  {
    id: 'B7',
    group: 'body',
    fault: 'one JSON completion instead of a stream',
    scenarios: () => [
      {
        body: JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', reasoning_content: 'Thought it over.', content: 'Whole answer.' }, finish_reason: 'stop' }] }),
        headers: { 'content-type': 'application/json' },
      },
    ],
    expect: () => ({ state: 'done', reasoning: 'Thought it over.', content: 'Whole answer.' }),
  },
  {
    id: 'B8',
    group: 'body',
    fault: 'a JSON error object with status 200',
    scenarios: () => [{ body: JSON.stringify({ error: { message: 'Model is warming up', type: 'server_error' } }), headers: { 'content-type': 'application/json' } }],
    expect: () => ({ state: 'error', message: /Model is warming up/, ...NOTHING }),
  },
  {
    id: 'B9',
    group: 'body',
    fault: 'garbage bytes',
    scenarios: () => [{ body: Buffer.from([0x00, 0x9c, 0xff, 0x1b, 0x5b, 0x32, 0x4a, 0x7f, 0x80, 0x0a, 0xfe, 0x01, 0x0a]) }],
    expect: () => ({ state: 'error', message: /^The server answered 200 but sent no events: 2 lines that are not JSON/, ...NOTHING }),
  },
  {
    id: 'B10',
    group: 'body',
    fault: 'a 40 MB line after the reasoning',
    scenarios: () => [
      {
        body: Buffer.concat([fixtureBytes(SMALL).subarray(0, smallReasoningCut().bytes), Buffer.from(hugeLineEvent(40 * 1024 * 1024))]),
        chunking: { seed: 1, minBytes: 64 * 1024, maxBytes: 256 * 1024 },
      },
    ],
    // Building and cutting 40 MB in this process takes longer than the suite's first-byte limit.
    settings: () => ({ 'thinkstream.timeouts.firstByte': 20_000 }),
    expect: () => ({ state: 'error', message: /^A single server event exceeded 32 MiB; reading stopped to protect memory\.$/, ...partial(smallReasoningCut()) }),
  },
  {
    id: 'B11',
    group: 'body',
    fault: 'no [DONE] after the finish',
    scenarios: () => [{ fixture: 'openai/no-done.sse' }],
    expect: () => ({ state: 'done', ...full('openai/no-done.sse') }),
  },

  // ---- errors inside a 200 stream ----
  midStreamRow('M1', 'openai/midstream-error-done.sse'),
  midStreamRow('M2', 'openai/midstream-error-no-done.sse'),
  midStreamRow('M3', 'openai/openrouter-error.sse'),
  midStreamRow('M4', 'openai/llamacpp-bare-error.sse'),
  midStreamRow('M5', 'anthropic/overloaded-midstream.sse'),
  midStreamRow('M6', 'ollama/midstream-error.ndjson'),
  midStreamRow('M7', 'responses/error-then-failed.sse'),
  midStreamRow('M8', 'responses/failed-only.sse'),
  midStreamRow('M9', 'responses/no-terminal-event.sse'),
  midStreamRow('M10', 'gemini/error-after-200-data.sse'),
  midStreamRow('M11', 'gemini/error-after-200-bare.sse'),

  // ---- HTTP statuses, each provider's own error shape ----
  httpRow('H1', 'OpenAI 400 invalid_request_error', openAiError(400, "Invalid value for 'temperature': expected at most 2."), /^HTTP 400 Bad Request: Invalid value for 'temperature': expected at most 2\.$/),
  httpRow('H2', 'OpenAI 401', openAiError(401, 'Incorrect API key provided.'), /^HTTP 401 Unauthorized: Incorrect API key provided\. — check the API key$/),
  httpRow('H3', 'OpenAI 403', openAiError(403, 'Project does not have access to model'), /^HTTP 403 Forbidden: Project does not have access to model — check the API key$/),
  httpRow('H4', 'OpenAI 404 unknown model', openAiError(404, 'The model `gpt-9` does not exist'), /^HTTP 404 Not Found: The model `gpt-9` does not exist — check the base URL and model name$/),
  httpRow('H5', 'OpenAI 408', openAiError(408, 'Request timed out'), /^HTTP 408 Request Timeout: Request timed out — the server timed out waiting for the request$/),
  httpRow('H6', 'OpenAI 413', openAiError(413, 'Request too large'), /^HTTP 413 Payload Too Large: Request too large — the request is too large$/),
  httpRow('H7', 'OpenAI 422', openAiError(422, 'messages: field required'), /^HTTP 422 Unprocessable Entity: messages: field required$/),
  httpRow('H8', 'OpenAI 429 without Retry-After', openAiError(429, 'Rate limit reached for requests', 'rate_limit_exceeded'), /^HTTP 429 Too Many Requests: Rate limit reached for requests — rate limited — try again later$/),
  httpRow('H9', 'OpenAI 500', openAiError(500, 'The server had an error while processing your request.'), /^HTTP 500 Internal Server Error: The server had an error while processing your request\. — the server had an internal error$/),
  httpRow('H10', 'OpenAI 501', openAiError(501, 'Not implemented'), /^HTTP 501 Not Implemented — the server does not support this request — check the base URL and protocol$/),
  httpRow('H11', 'nginx HTML 502', { status: 502, body: htmlErrorPage(502, 'Bad Gateway') }, /^HTTP 502 Bad Gateway: 502 Bad Gateway — a gateway in front of the model got no valid answer from it/),
  httpRow('H12', 'OpenAI 503', openAiError(503, 'Service unavailable'), /^HTTP 503 Service Unavailable — the server is overloaded or down for maintenance — try again later$/),
  httpRow('H13', 'nginx HTML 504', { status: 504, body: htmlErrorPage(504, 'Gateway Time-out') }, /^HTTP 504 Gateway Timeout: 504 Gateway Time-out — a gateway in front of the model timed out waiting for it/),
  httpRow('H14', 'Cloudflare 520 with an HTML page', { status: 520, body: '<!DOCTYPE html><html><head><title>example.com | 520: Web server is returning an unknown error</title></head></html>' }, /^HTTP 520 Unknown Error: example\.com \| 520: Web server is returning an unknown error — the server's CDN could not get an answer from it$/),
  httpRow('H15', 'Anthropic 400 invalid_request_error', anthropicError(400, 'invalid_request_error', 'max_tokens: Field required'), /^HTTP 400 Bad Request: max_tokens: Field required$/, 'anthropic'),
  httpRow('H16', 'Anthropic 401 authentication_error', anthropicError(401, 'authentication_error', 'invalid x-api-key'), /^HTTP 401 Unauthorized: invalid x-api-key — check the API key$/, 'anthropic'),
  httpRow('H17', 'Anthropic 404 not_found_error', anthropicError(404, 'not_found_error', 'model: claude-9'), /^HTTP 404 Not Found: model: claude-9 — check the base URL and model name$/, 'anthropic'),
  httpRow('H18', 'Anthropic 429 rate_limit_error', anthropicError(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'), /^HTTP 429 Too Many Requests: Number of request tokens has exceeded your per-minute rate limit — rate limited/, 'anthropic'),
  httpRow('H19', 'Anthropic 500 api_error', anthropicError(500, 'api_error', 'Internal server error'), /^HTTP 500 Internal Server Error — the server had an internal error$/, 'anthropic'),
  httpRow('H20', 'Anthropic 529 overloaded_error', anthropicError(529, 'overloaded_error', 'Overloaded'), /^HTTP 529 Overloaded — the server is overloaded or down for maintenance — try again later$/, 'anthropic'),
  httpRow('H21', 'Ollama 404 unknown model', { status: 404, body: JSON.stringify({ error: "model 'qwen9' not found, try pulling it first" }) }, /^HTTP 404 Not Found: model 'qwen9' not found, try pulling it first — check the base URL and model name$/, 'ollama'),
  httpRow('H27', 'Responses 400 invalid_request_error', openAiError(400, "Unsupported parameter: 'temperature' is not supported with this model."), /^HTTP 400 Bad Request: Unsupported parameter: 'temperature' is not supported with this model\.$/, 'responses'),
  httpRow('H28', 'Responses 401', openAiError(401, 'Incorrect API key provided.'), /^HTTP 401 Unauthorized: Incorrect API key provided\. — check the API key$/, 'responses'),
  httpRow('H29', 'Responses 500', openAiError(500, 'The server had an error processing your request.'), /^HTTP 500 Internal Server Error: The server had an error processing your request\. — the server had an internal error$/, 'responses'),
  httpRow('H30', 'Gemini 400 INVALID_ARGUMENT (bad key)', geminiError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.'), /^HTTP 400 Bad Request: API key not valid\. Please pass a valid API key\.$/, 'gemini'),
  httpRow('H31', 'Gemini 403 PERMISSION_DENIED', geminiError(403, 'PERMISSION_DENIED', 'Permission denied on resource project.'), /^HTTP 403 Forbidden: Permission denied on resource project\. — check the API key$/, 'gemini'),
  httpRow(
    'H32',
    'Gemini 404 NOT_FOUND sent as text/event-stream',
    { ...geminiError(404, 'NOT_FOUND', 'models/gemini-9 is not found for API version v1beta'), headers: { 'content-type': 'text/event-stream' } },
    /^HTTP 404 Not Found: models\/gemini-9 is not found for API version v1beta — check the base URL and model name$/,
    'gemini',
  ),
  httpRow('H33', 'Gemini 429 RESOURCE_EXHAUSTED', geminiError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'), /^HTTP 429 Too Many Requests: Resource has been exhausted \(e\.g\. check quota\)\. — rate limited — try again later$/, 'gemini'),
  httpRow('H34', 'Gemini 500 INTERNAL', geminiError(500, 'INTERNAL', 'An internal error has occurred.'), /^HTTP 500 Internal Server Error: An internal error has occurred\. — the server had an internal error$/, 'gemini'),
  httpRow('H35', 'Gemini 503 UNAVAILABLE', geminiError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'), /^HTTP 503 Service Unavailable: The model is overloaded\. Please try again later\. — the server is overloaded or down for maintenance — try again later$/, 'gemini'),
  {
    id: 'H36',
    group: 'http',
    fault: 'Gemini 429 with Retry-After in seconds, then an answer',
    kind: 'gemini',
    scenarios: () => [{ ...geminiError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded'), headers: { 'retry-after': '1' } }, { fixture: 'gemini/thinking.sse' }],
    settings: () => ({ 'thinkstream.retries': 2 }),
    expect: () => ({ state: 'done', ...full('gemini/thinking.sse'), requests: 2, attempts: 2 }),
  },
  {
    id: 'H37',
    group: 'http',
    fault: 'Responses 429 with Retry-After as an HTTP date, then an answer',
    kind: 'responses',
    scenarios: () => [{ ...openAiError(429, 'slow down', 'rate_limit_exceeded'), headers: { 'retry-after': httpDate(1500) } }, { fixture: 'responses/reasoning-summary.sse' }],
    settings: () => ({ 'thinkstream.retries': 2 }),
    expect: () => ({ state: 'done', ...full('responses/reasoning-summary.sse'), requests: 2, attempts: 2 }),
  },
  {
    id: 'H38',
    group: 'http',
    fault: 'Gemini 429 with Retry-After over the cap',
    kind: 'gemini',
    scenarios: () => [{ ...geminiError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for the day'), headers: { 'retry-after': '86400' } }],
    settings: () => ({ 'thinkstream.retries': 2 }),
    expect: () => ({ state: 'error', message: /^HTTP 429 Too Many Requests: Quota exceeded for the day — rate limited — try again later \(the server asks to retry in 24 h, after \d\d:\d\d:\d\d\)$/, ...NOTHING, requests: 1 }),
  },
  {
    id: 'H22',
    group: 'http',
    fault: '429 with Retry-After in seconds, then an answer',
    scenarios: () => [{ ...openAiError(429, 'slow down', 'rate_limit_exceeded'), headers: { 'retry-after': '1' } }, { fixture: SMALL }],
    settings: () => ({ 'thinkstream.retries': 2 }),
    expect: () => ({ state: 'done', ...full(SMALL), requests: 2, attempts: 2 }),
  },
  {
    id: 'H23',
    group: 'http',
    fault: '429 with Retry-After as an HTTP date, then an answer',
    scenarios: () => [{ ...openAiError(429, 'slow down', 'rate_limit_exceeded'), headers: { 'retry-after': httpDate(1500) } }, { fixture: SMALL }],
    settings: () => ({ 'thinkstream.retries': 2 }),
    expect: () => ({ state: 'done', ...full(SMALL), requests: 2, attempts: 2 }),
  },
  {
    id: 'H24',
    group: 'http',
    fault: '429 with Retry-After over the 60 s cap (not waited out)',
    scenarios: () => [{ ...openAiError(429, 'quota exhausted', 'rate_limit_exceeded'), headers: { 'retry-after': '3600' } }],
    settings: () => ({ 'thinkstream.retries': 2 }),
    expect: () => ({ state: 'error', message: /^HTTP 429 Too Many Requests: quota exhausted — rate limited — try again later \(the server asks to retry in 60 min, after \d\d:\d\d:\d\d\)$/, ...NOTHING, requests: 1, attempts: 1 }),
  },
  {
    id: 'H25',
    group: 'http',
    fault: '529 with Retry-After as an HTTP date over the cap (Anthropic)',
    kind: 'anthropic',
    scenarios: () => [{ ...anthropicError(529, 'overloaded_error', 'Overloaded'), headers: { 'retry-after': httpDate(3 * 3600_000) } }],
    settings: () => ({ 'thinkstream.retries': 2 }),
    expect: () => ({ state: 'error', message: /^HTTP 529 Overloaded — the server is overloaded or down for maintenance — try again later \(the server asks to retry in 3 h, after \d\d:\d\d:\d\d\)$/, ...NOTHING, requests: 1 }),
  },
  {
    id: 'H26',
    group: 'http',
    fault: '503 on every attempt (3 attempts)',
    scenarios: () => [openAiError(503, 'busy'), openAiError(503, 'busy'), openAiError(503, 'busy')],
    settings: () => ({ 'thinkstream.retries': 2 }),
    expect: () => ({ state: 'error', message: /^HTTP 503 Service Unavailable: busy — the server is overloaded or down for maintenance — try again later \(after 3 attempts\)$/, ...NOTHING, requests: 3, attempts: 3 }),
  },

  // ---- redirects ----
  {
    id: 'R1',
    group: 'redirect',
    fault: '307 to another origin (the key must not follow)',
    scenarios: (c) => [{ status: 307, headers: { location: `${c.other.url}/v1/chat/completions` }, body: '' }],
    expect: () => ({
      state: 'error',
      message: new RegExp(`^HTTP 307 Temporary Redirect — the server redirects to http://${HOST}/v1/chat/completions; redirects are not followed, so the API key goes nowhere else`),
      ...NOTHING,
      requests: 1,
    }),
  },
  {
    id: 'R2',
    group: 'redirect',
    fault: '302 to another origin with a query string',
    scenarios: (c) => [{ status: 302, headers: { location: `${c.other.url}/login?next=%2Fv1&sid=abc123` }, body: '<html><title>Found</title></html>' }],
    expect: () => ({ state: 'error', message: new RegExp(`^HTTP 302 Found — the server redirects to http://${HOST}/login; redirects are not followed`), ...NOTHING, requests: 1 }),
  },
];

// What one fake response looks like, and ready-made error responses in each
// provider's own shape.
import type { ChunkingOptions } from './chunking';
import type { BodyFaults } from './faults';

export interface Pacing {
  headersDelayMs?: number;
  firstByteDelayMs?: number;
  /** Extra random first-byte delay in [0, firstByteJitterMs). */
  firstByteJitterMs?: number;
  perChunkMs?: number;
  /** Extra random delay in [0, jitterMs) before each chunk after the first. */
  jitterMs?: number;
}

export interface Faults extends BodyFaults {
  /** Compress the body with this coding and say so in Content-Encoding, as some gateways do unasked. */
  contentEncoding?: 'gzip' | 'deflate' | 'br' | 'zstd';
  stallAfterBytes?: number;
  resetAfterBytes?: number;
  endAfterBytes?: number;
  keepAliveMs?: number;
  hangBeforeHeaders?: boolean;
  /** Reset the connection (RST) as soon as the request has arrived, before any response. */
  resetBeforeHeaders?: boolean;
}

export interface Scenario {
  /** Path under test/fixtures, e.g. 'openai/deepseek-reasoner.sse'. */
  fixture?: string;
  body?: string | Buffer;
  status?: number;
  headers?: Record<string, string>;
  chunking?: ChunkingOptions;
  pacing?: Pacing;
  faults?: Faults;
}

export function htmlErrorPage(status: number, title: string): string {
  // The shape nginx and most reverse proxies send in front of a dead upstream.
  return (
    `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n` +
    `<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  );
}

/** One OpenAI Chat Completions SSE chunk carrying `delta`, as the fake's own scripted answers write it. */
export function openAiChunk(delta: object, finishReason: string | null = null): string {
  const chunk = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'fake-model', choices: [{ index: 0, delta, finish_reason: finishReason }] };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** One OpenAI SSE content event of `bytes` bytes (or its minimal size if larger). */
export function hugeLineEvent(bytes: number): string {
  const head = 'data: {"id":"chatcmpl-huge","object":"chat.completion.chunk","created":1748000000,"model":"huge","choices":[{"index":0,"delta":{"content":"';
  const tail = '"},"finish_reason":null}]}\n\n';
  const fill = Math.max(0, bytes - head.length - tail.length);
  const word = 'lorem ipsum dolor sit amet ';
  return head + word.repeat(Math.ceil(fill / word.length)).slice(0, fill) + tail;
}

export function openAiError(status: number, message: string, type?: string): Scenario {
  const body = { error: { message, type: type ?? (status >= 500 ? 'server_error' : 'invalid_request_error'), param: null, code: null } };
  return { status, body: JSON.stringify(body) };
}

export function anthropicError(status: number, type: string, message: string): Scenario {
  const requestId = 'req_011CSHoEeqs5C35K2UUqR7Fy';
  return {
    status,
    headers: { 'request-id': requestId },
    body: JSON.stringify({ type: 'error', error: { type, message }, request_id: requestId }),
  };
}

/** Google's error shape, before the stream or (as a body) after it; `status` names the code. */
export function geminiError(code: number, status: string, message: string): Scenario {
  return { status: code, body: JSON.stringify({ error: { code, message, status } }) };
}

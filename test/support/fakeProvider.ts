// A loopback HTTP server that impersonates OpenAI-compatible (Chat Completions and
// Responses), Anthropic, Gemini and Ollama endpoints by replaying fixture bytes, with seeded chunking, pacing and faults.
//
// Chat routes take the next enqueued Scenario; with an empty queue the request's
// `model` picks the fixture (see FixtureCatalog.fixtureFor): a fixture's base name on
// that route's folder ("deepseek-reasoner" → openai/deepseek-reasoner.sse on the
// OpenAI route), any other name → that route's long transcript. Other processes
// drive it over HTTP: POST /__scenario (a Scenario or an array), GET /__requests,
// POST /__reset.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ChunkingOptions } from './chunking';
import { anthropicModelList, FixtureCatalog, findFixturesDir, geminiModelList, ollamaTags, openAiModelList, type ChatRoute } from './fixtureCatalog';
import { writeScenario } from './respond';
import type { Pacing, Scenario } from './scenarios';

export { anthropicError, geminiError, htmlErrorPage, hugeLineEvent, openAiError } from './scenarios';
export type { Faults, Pacing, Scenario } from './scenarios';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Path and query exactly as requested. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: any;
  receivedAt: number;
  /** performance.now() when the client's socket closed. */
  closedAt?: number;
}

export interface FakeProviderOptions {
  port?: number;
  fixturesDir?: string;
  defaultPacing?: Pacing;
  defaultChunking?: ChunkingOptions;
}

interface CloseWaiter {
  check(): void;
  fail(error: Error): void;
}

export class FakeProvider {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Scenario[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly onSocket = new WeakMap<Socket, RecordedRequest[]>();
  private readonly live = new Set<AbortController>();
  private readonly waiters = new Set<CloseWaiter>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly catalog: FixtureCatalog,
    private readonly options: FakeProviderOptions,
  ) {}

  static async start(options: FakeProviderOptions = {}): Promise<FakeProvider> {
    const catalog = new FixtureCatalog(options.fixturesDir ?? findFixturesDir());
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const provider = new FakeProvider(server, `http://127.0.0.1:${port}`, catalog, options);
    server.on('connection', (socket) => provider.track(socket));
    server.on('request', (req, res) => {
      provider.handle(req, res).catch((error: unknown) => provider.fail(res, error));
    });
    return provider;
  }

  enqueue(...scenarios: Scenario[]): void {
    this.queue.push(...scenarios);
  }

  /** Milliseconds from this call until request `requestIndex`'s socket closed (0 if it already had). */
  waitForClose(requestIndex: number, timeoutMs: number): Promise<number> {
    const calledAt = performance.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => waiter.fail(new Error(`request ${requestIndex} still open after ${timeoutMs} ms`)), timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter: CloseWaiter = {
        check: () => {
          const closedAt = this.requests[requestIndex]?.closedAt;
          if (closedAt === undefined) return;
          finish();
          resolve(Math.max(0, closedAt - calledAt));
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  /** Client connections still open at the server. */
  openSockets(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const controller of this.live) controller.abort();
    for (const socket of this.sockets) socket.destroy();
    for (const waiter of [...this.waiters]) waiter.fail(new Error('fake provider closed'));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    this.onSocket.set(socket, []);
    socket.once('close', () => {
      this.sockets.delete(socket);
      const now = performance.now();
      for (const request of this.onSocket.get(socket) ?? []) request.closedAt ??= now;
      for (const waiter of [...this.waiters]) waiter.check();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    if (path.startsWith('/__')) return this.control(method, path, raw, res);

    const request: RecordedRequest = { method, path, url: req.url ?? '/', headers: { ...req.headers }, body: parseBody(raw), receivedAt: performance.now() };
    this.requests.push(request);
    if (req.socket.destroyed) request.closedAt = performance.now();
    else this.onSocket.get(req.socket)?.push(request);

    const route = chatRoute(method, path);
    if (route) {
      // Gemini names the model in the path, everyone else in the body.
      const model = route === 'gemini' ? geminiModelOf(path) : request.body?.model;
      return this.serve(route, this.queue.shift() ?? { fixture: this.catalog.fixtureFor(route, model) }, res);
    }
    if (method === 'GET' && (path === '/v1/models' || path === '/models')) {
      const anthropic = req.headers['anthropic-version'] !== undefined;
      // One OpenAI model list serves both of its protocols.
      const openai = [...this.catalog.models('openai'), ...this.catalog.models('responses')];
      return sendJson(res, 200, anthropic ? anthropicModelList(this.catalog.models('anthropic')) : openAiModelList(openai));
    }
    if (method === 'GET' && path === '/v1beta/models') return sendJson(res, 200, geminiModelList(this.catalog.models('gemini')));
    if (method === 'GET' && path === '/api/tags') return sendJson(res, 200, ollamaTags(this.catalog.models('ollama')));
    if (method === 'GET' && path === '/') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('Ollama is running');
    sendJson(res, 404, { error: { message: `fake provider has no route ${method} ${path}`, type: 'invalid_request_error', param: null, code: null } });
  }

  private control(method: string, path: string, raw: string, res: ServerResponse): void {
    if (method === 'POST' && path === '/__scenario') {
      const parsed = parseBody(raw);
      this.enqueue(...(Array.isArray(parsed) ? parsed : [parsed]));
      return sendJson(res, 200, { queued: this.queue.length });
    }
    if (method === 'GET' && path === '/__requests') return sendJson(res, 200, this.requests);
    if (method === 'POST' && path === '/__reset') {
      this.queue.length = 0;
      this.requests.length = 0;
      return sendJson(res, 200, { ok: true });
    }
    sendJson(res, 404, { error: { message: `unknown control route ${method} ${path}` } });
  }

  private async serve(route: ChatRoute, scenario: Scenario, res: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = scenario.body !== undefined ? Buffer.from(scenario.body) : this.catalog.read(scenario.fixture ?? '');
    } catch {
      return sendJson(res, 500, { error: { message: `fake provider: no fixture "${scenario.fixture}"`, type: 'server_error' } });
    }
    const status = scenario.status ?? 200;
    const contentType = defaultContentType(route, scenario, status, body);
    const headers: Record<string, string> = { 'content-type': contentType };
    if (status < 300) headers['cache-control'] = 'no-cache';
    for (const [name, value] of Object.entries(scenario.headers ?? {})) headers[name.toLowerCase()] = value;

    const controller = new AbortController();
    this.live.add(controller);
    res.once('close', () => controller.abort());
    try {
      await writeScenario(
        res,
        {
          body,
          status,
          headers,
          chunking: scenario.chunking ?? this.options.defaultChunking ?? { seed: 1 },
          pacing: { ...this.options.defaultPacing, ...scenario.pacing },
          faults: scenario.faults ?? {},
          sse: headers['content-type'].includes('event-stream'),
        },
        controller.signal,
      );
    } finally {
      this.live.delete(controller);
    }
  }

  private fail(res: ServerResponse, error: unknown): void {
    if (!res.headersSent) sendJson(res, 500, { error: { message: `fake provider: ${String(error)}`, type: 'server_error' } });
    else res.destroy();
  }
}

function chatRoute(method: string, path: string): ChatRoute | undefined {
  if (method !== 'POST') return undefined;
  if (path.endsWith('/chat/completions')) return 'openai';
  if (path === '/v1/messages') return 'anthropic';
  if (path.endsWith('/responses')) return 'responses';
  if (/^\/v1beta\/models\/[^/]+:streamGenerateContent$/.test(path)) return 'gemini';
  if (path === '/api/chat') return 'ollama';
  return undefined;
}

function defaultContentType(route: ChatRoute, scenario: Scenario, status: number, body: Buffer): string {
  if (status >= 300) return /^\s*</.test(body.subarray(0, 64).toString('latin1')) ? 'text/html' : 'application/json';
  const ndjson = scenario.fixture ? scenario.fixture.endsWith('.ndjson') : route === 'ollama';
  return ndjson ? 'application/x-ndjson' : 'text/event-stream; charset=utf-8';
}

function geminiModelOf(path: string): string {
  return decodeURIComponent(path.slice('/v1beta/models/'.length, path.lastIndexOf(':')));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    // A client that gives up mid-upload still gets its request recorded.
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string): any {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text);
}

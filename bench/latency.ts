import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { quantile } from './stats';

const ns = () => process.hrtime.bigint();

/**
 * A loopback OpenAI-compatible server that stamps each event as it writes it. It
 * lives in the client's process so both stamps come from the same clock.
 */
function pacedServer(events: number, paceMs: number, written: bigint[]): Server {
  return createServer({ noDelay: true }, (req, res) => {
    req.resume();
    req.on('end', async () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const frame = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1737000000, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      for (let i = 0; i < events; i++) {
        // Paced so each event arrives as its own read, as tokens do from a live model.
        await sleep(paceMs);
        written[i] = ns();
        res.write(frame({ content: `#${i} ` }, null));
      }
      res.end(frame({}, 'stop') + 'data: [DONE]\n\n');
    });
  });
}

export interface LatencyResult {
  events: number;
  received: number;
  paceMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  status: string;
}

export async function latency(events = 2000, paceMs = 2): Promise<LatencyResult> {
  // Loaded here so (a) and (b) still run while the transport is unfinished.
  const { ChatSession } = await import('../src/core/session/session');
  const { providerFromKind } = await import('../src/core/providers/presets');
  const written: bigint[] = [];
  const left: bigint[] = [];
  const server = pacedServer(events, paceMs, written);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const session = new ChatSession({
      provider: providerFromKind('openai', `http://127.0.0.1:${port}/v1`, 'm'),
      request: { messages: [{ role: 'user', content: 'count' }] },
    });
    for await (const e of session) {
      if (e.type !== 'content') continue;
      const t = ns();
      // The core may merge or split deltas; every index in the text reached the consumer now.
      for (const m of e.text.matchAll(/#(\d+)/g)) left[Number(m[1])] ??= t;
    }
    const result = await session.result;
    const delays: number[] = [];
    for (let i = 0; i < events; i++) {
      if (written[i] !== undefined && left[i] !== undefined) delays.push(Number(left[i] - written[i]) / 1e6);
    }
    return {
      events,
      received: delays.length,
      paceMs,
      p50Ms: quantile(delays, 0.5),
      p99Ms: quantile(delays, 0.99),
      maxMs: quantile(delays, 1),
      status: result.error ? `${result.status}: ${result.error.message}` : result.status,
    };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

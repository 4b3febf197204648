// A loopback server that keeps every request it gets: the attacker's server (which
// must see none) and the collector the hostile extension reports to.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export class Recorder {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Recorder> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const recorder = new Recorder(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        recorder.received.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        for (const wake of recorder.waiters.splice(0)) wake();
      });
    });
    return recorder;
  }

  /** The `index`-th request (0-based), waiting for it to arrive. */
  async nth(index: number, timeoutMs: number): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length <= index) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`request ${index + 1} did not arrive at ${this.url} within ${timeoutMs / 1000} s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
    return this.received[index];
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

// One dispatcher per openStream call, owning every socket the call opens. Sharing a
// pool would save a handshake per chat request, but then an abort could not close a
// socket that is still mid-handshake or sitting in the pool during a retry backoff;
// owning them makes "cancel closes the connection" true in every phase.

import type { Socket } from 'node:net';
import { Agent, Pool, ProxyAgent, buildConnector, type Dispatcher } from 'undici';

export interface RequestDispatcher {
  dispatcher: Dispatcher;
  /** Closes every socket at once, including one still connecting. Safe to call twice. */
  destroy(reason: Error): void;
}

export function createRequestDispatcher(connectMs: number, proxyUrl: string | undefined): RequestDispatcher {
  const sockets = new Set<Socket>();
  const track = (connector: buildConnector.connector): buildConnector.connector => {
    return (opts, callback) => {
      // buildConnector returns the socket although its type says void.
      const socket = (connector as unknown as (o: typeof opts, cb: typeof callback) => Socket | undefined)(opts, callback);
      if (socket) {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      }
    };
  };

  // undici's own header and body timeouts are off: ours name the phase that stalled.
  const common = { headersTimeout: 0, bodyTimeout: 0 };
  let dispatcher: Dispatcher;
  if (proxyUrl) {
    dispatcher = new ProxyAgent({
      uri: proxyUrl,
      ...common,
      proxyTls: { timeout: connectMs },
      requestTls: { timeout: connectMs },
      // The socket to the proxy is also the tunnel's, so tracking it covers both.
      clientFactory: (origin: URL, options: object) => {
        const { connect } = options as { connect: buildConnector.connector };
        return new Pool(origin, { ...options, ...common, connect: track(connect) });
      },
    } as ProxyAgent.Options);
  } else {
    dispatcher = new Agent({ ...common, connect: track(buildConnector({ timeout: connectMs })) });
  }

  let destroyed = false;
  return {
    dispatcher,
    destroy(reason: Error) {
      if (destroyed) return;
      destroyed = true;
      for (const socket of sockets) socket.destroy(reason);
      sockets.clear();
      dispatcher.destroy(reason).catch(() => {
        // Destroying twice or mid-connect may reject; the sockets are gone either way.
      });
    },
  };
}

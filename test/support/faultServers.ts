// Loopback endpoints that misbehave below HTTP: nothing listening, a TLS server that
// never answers the handshake, a proxy that never answers CONNECT. Each tracks its
// sockets so a test can prove the client let go of them.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface BlackHole {
  port: number;
  /** Sockets the client still holds open. */
  open(): number;
  close(): Promise<void>;
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Accepts TCP and then says nothing: a TLS client waits for the ServerHello, a proxy
 * client for the answer to its CONNECT. (A SYN that is never answered cannot be made
 * on loopback without firewall rules; this holds the same connect timer open.)
 */
export async function blackHole(): Promise<BlackHole> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    open: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

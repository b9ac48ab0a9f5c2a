// The `node:http` server rpc-core listens on: created with its limits, listened on, named by URL.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Limits, resolveLimits } from '../limits.js';

/** Where a server listens. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
  /** `http://host:port`; the same port takes `ws://`. */
  readonly url: string;
}

/**
 * A `node:http` server bounded as {@link RpcServer.listen} bounds its own: headers must arrive
 * within `headersTimeoutMs`, requests within `requestTimeoutMs`, and at most `maxSockets` TCP
 * connections are open at once. Pass it to {@link RpcServer.attach} (usually with `rpc.limits`)
 * when the server is yours to run; `attach()` adds the per-address bound.
 *
 * @throws {RangeError} when a limit is not a number >= 0.
 */
export function createHttpServer(limits: Partial<Limits> = {}): Server {
  const resolved = resolveLimits(limits);
  const requestTimeout = resolved.requestTimeoutMs;
  // node:http wants the headers' bound within the request's.
  const headersTimeout =
    requestTimeout > 0
      ? Math.min(resolved.headersTimeoutMs, requestTimeout)
      : resolved.headersTimeoutMs;
  const server = createServer({
    requestTimeout,
    headersTimeout,
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeout / 4))),
  });
  server.maxConnections = resolved.maxSockets;
  return server;
}

/**
 * The URL of a listening address: `http://127.0.0.1:8090`, `http://[::1]:8090` (RFC 3986 §3.2.2
 * brackets IPv6 literals).
 */
export function addressUrl(address: AddressInfo, protocol: 'http' | 'ws' = 'http'): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${protocol}://${host}:${address.port}`;
}

/**
 * Listens on `host:port` (port 0: a free one) and resolves with the address taken.
 *
 * @throws the server's `error` (EADDRINUSE, EACCES…) as a rejection.
 */
export function listenOn(server: Server, port = 0, host = '127.0.0.1'): Promise<ListenAddress> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve({ host: address.address, port: address.port, url: addressUrl(address) });
    });
  });
}

/**
 * Closes, unread, each new TCP connection of `server` from an address that already has `max`
 * open. Returns the function that stops counting.
 */
export function capConnectionsPerAddress(server: Server, max: number): () => void {
  const open = new Map<string, number>();
  const onConnection = (socket: Socket): void => {
    const address = socket.remoteAddress ?? '';
    const count = open.get(address) ?? 0;
    if (count >= max) {
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  };
  server.on('connection', onConnection);
  return () => server.off('connection', onConnection);
}

// The node's HTTP server: created with rpc-core's limits, listening, and its address as a URL.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Limits } from '@convene/rpc-core';

/**
 * A `node:http` server with the request timeout and socket cap rpc-core gives the servers it
 * creates itself (the node creates its own so that it can route plain HTTP beside JSON-RPC).
 */
export function createHttpServer(limits: Limits): Server {
  const server = createServer({ requestTimeout: limits.requestTimeoutMs });
  server.maxConnections = limits.maxSockets;
  return server;
}

/** Listens on `host:port` (port 0: a free one) and resolves with the address taken. */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** `http://host:port` of a listening address, IPv6 hosts in brackets. */
export function formatUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

// An rpc-core node guarded by a policy, on 127.0.0.1, and a raw JSON-RPC client for it that calls
// over WebSocket or HTTP from a chosen local address (127.0.0.2, 127.0.0.3 … reach 127.0.0.1 on Linux).
import { request } from 'node:http';
import { RpcServer } from '@convene/rpc-core';
import WebSocket from 'ws';
import type { AccessPolicy } from '../src/index.ts';

/** A node with the APIs of the document, guarded by `policy`. */
export async function startNode(policy: AccessPolicy) {
  const added: string[] = [];
  const server = new RpcServer({ authenticator: policy });
  server.register('database', { get_chain_id: () => 'chain' });
  server.register('history', { get_account_history: () => [] });
  server.register('network_node', {
    add_node: ([endpoint]: [string]) => {
      added.push(endpoint);
      return null;
    },
  });
  server.register('crypto', { blind: () => 'blinded' });
  const { url, port } = await server.listen(0, '127.0.0.1');
  return { server, url, ws: `ws://127.0.0.1:${port}`, port, added };
}

/** One JSON-RPC answer. */
export interface Reply {
  id: number;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** A WebSocket JSON-RPC client: `call` sends one `call` request and resolves with its reply. */
export async function connect(url: string, localAddress?: string) {
  const socket = new WebSocket(url, localAddress === undefined ? {} : { localAddress });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waiting = new Map<number, (reply: Reply) => void>();
  socket.on('message', (data) => {
    const reply = JSON.parse(String(data)) as Reply;
    waiting.get(reply.id)?.(reply);
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  let nextId = 1;
  return {
    call(params: unknown[]): Promise<Reply> {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method: 'call', params }));
      });
    },
    /** Closes the socket and waits until it is closed. */
    close: () => {
      socket.close();
      return closed;
    },
  };
}

/** One JSON-RPC `call` over HTTP POST, with Basic credentials (`user:password`) when given. */
export function post(
  url: string,
  params: unknown[],
  options: { credentials?: string; localAddress?: string } = {},
): Promise<{ status: number; body: Reply }> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'call', params });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.credentials !== undefined)
    headers.authorization = `Basic ${Buffer.from(options.credentials).toString('base64')}`;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers,
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

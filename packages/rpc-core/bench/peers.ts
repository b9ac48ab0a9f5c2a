// The servers and clients measured side by side: ours, the peers named in the issue, and raw
// transports as the limit. Every server listens on 127.0.0.1 on a free port.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RpcClient, RpcServer } from '@convene/rpc-core';
import jayson from 'jayson';
import { JSONRPCClient, JSONRPCServer } from 'json-rpc-2.0';
import { Client as RpcWsClient, Server as RpcWsServer } from 'rpc-websockets';
import type { Pool } from 'undici';
import { WebSocket, WebSocketServer } from 'ws';

/** A pipelined caller: `call()` sends one echo request and resolves with its answer. */
export interface Caller {
  call(): Promise<unknown>;
  close(): Promise<void>;
}

export const PAYLOAD = { event: 'fosdem-2026', seats: 42, tags: ['rpc', 'bench'] };

/** The echo request the bench clients send, prepared once. */
export const ECHO_REQUEST = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'echo',
  params: [PAYLOAD],
});

/** POSTs the echo request through `pool`; throws unless a 200 carries the payload back. */
export async function postEcho(pool: Pool): Promise<void> {
  const { statusCode, body } = await pool.request({
    path: '/',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: ECHO_REQUEST,
  });
  const text = await body.text();
  if (statusCode !== 200 || !text.includes(PAYLOAD.event))
    throw new Error(`bad answer ${statusCode} ${text}`);
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;
const listen = (server: Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve(portOf(server))));
const stop = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
const opened = (ws: WebSocket) => new Promise((resolve) => ws.once('open', resolve));

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Our server, started with an `echo` method on API 0. */
export async function oursServer(): Promise<Served> {
  const server = new RpcServer().register('database', { echo: ([value]: [unknown]) => value });
  const { port } = await server.listen(0, '127.0.0.1');
  return { port, close: () => server.close() };
}

export async function oursWsCaller(port: number): Promise<Caller> {
  const client = new RpcClient(`ws://127.0.0.1:${port}`, { reconnect: false });
  await client.connect();
  return { call: () => client.call('echo', [PAYLOAD]), close: () => client.close() };
}

/** A bare `ws` client speaking JSON-RPC text to a server (ids matched in a Map). */
export async function rawJsonRpcCaller(port: number): Promise<Caller> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  await opened(ws);
  const waiting = new Map<number, (value: unknown) => void>();
  let nextId = 1;
  ws.on('message', (data: Buffer) => {
    const answer = JSON.parse(data.toString()) as { id: number; result: unknown };
    waiting.get(answer.id)?.(answer.result);
    waiting.delete(answer.id);
  });
  return {
    call: () =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ jsonrpc: '2.0', id, method: 'echo', params: [PAYLOAD] }));
      }),
    close: async () => ws.close(),
  };
}

/** A server's port and its closer. */
export interface Served {
  port: number;
  close(): Promise<void>;
}

const wsListening = async (wss: WebSocketServer): Promise<Served> => {
  await new Promise((resolve) => wss.once('listening', resolve));
  return {
    port: (wss.address() as AddressInfo).port,
    close: () => new Promise((resolve) => wss.close(() => resolve())),
  };
};

/**
 * WebSocket servers answering JSON-RPC `echo`, each driven through its fastest API: json-rpc-2.0's
 * `receive` on parsed JSON (its documented server path), rpc-websockets' own `Server`, and for the
 * limit a `ws` server echoing each frame untouched. No per-message deflate anywhere.
 */
export const wsServers = {
  async jsonRpc2(): Promise<Served> {
    const rpc = new JSONRPCServer();
    rpc.addMethod('echo', ([value]: [unknown]) => value);
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    wss.on('connection', (socket) =>
      socket.on('message', async (data: Buffer) => {
        const answer = await rpc.receive(JSON.parse(data.toString()));
        if (answer) socket.send(JSON.stringify(answer));
      }),
    );
    return wsListening(wss);
  },
  async rpcWebsockets(): Promise<Served> {
    const server = new RpcWsServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => server.on('listening', resolve));
    server.register('echo', (params) => (params as unknown[])[0]);
    return { port: (server.wss.address() as AddressInfo).port, close: () => server.close() };
  },
  async rawEcho(): Promise<Served> {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    wss.on('connection', (socket) => socket.on('message', (data: Buffer) => socket.send(data)));
    return wsListening(wss);
  },
};

/** json-rpc-2.0's own client (`JSONRPCClient`) over a `ws` WebSocket, against its server. */
export async function jsonRpc2WsPair(): Promise<Caller & { stop(): Promise<void> }> {
  const server = await wsServers.jsonRpc2();
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, { perMessageDeflate: false });
  const client = new JSONRPCClient((request) => ws.send(JSON.stringify(request)));
  ws.on('message', (data: Buffer) => client.receive(JSON.parse(data.toString())));
  await opened(ws);
  return {
    call: async () => client.request('echo', [PAYLOAD]),
    close: async () => ws.close(),
    stop: () => server.close(),
  };
}

/** rpc-websockets' own client and server, the pairing its users run. */
export async function rpcWebsocketsPair(): Promise<Caller & { stop(): Promise<void> }> {
  const server = await wsServers.rpcWebsockets();
  const client = new RpcWsClient(`ws://127.0.0.1:${server.port}`, { reconnect: false });
  await new Promise((resolve) => client.on('open', resolve));
  return {
    call: () => client.call('echo', [PAYLOAD]),
    close: async () => client.close(),
    stop: () => server.close(),
  };
}

/**
 * The limit: a `ws` server echoing each frame, answers taken in order. Its client sends one
 * prepared text and parses each answer, so the limit holds no JSON work on the server at all.
 */
export async function rawEchoPair(): Promise<Caller & { stop(): Promise<void> }> {
  const server = await wsServers.rawEcho();
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, { perMessageDeflate: false });
  const queue: ((value: unknown) => void)[] = [];
  ws.on('message', (data: Buffer) => queue.shift()?.(JSON.parse(data.toString())));
  await opened(ws);
  return {
    call: () =>
      new Promise((resolve) => {
        queue.push(resolve);
        ws.send(ECHO_REQUEST);
      }),
    close: async () => ws.close(),
    stop: () => server.close(),
  };
}

/**
 * HTTP servers answering POSTed JSON-RPC `echo`, each returning its port and a closer: jayson's
 * own `http()` server, json-rpc-2.0's `receive` behind a plain node:http handler (the setup its
 * README shows for Node), and for the limit a node:http handler that parses the body and answers
 * its first param with no JSON-RPC checks at all.
 */
export const httpServers = {
  async jayson(): Promise<Served> {
    const server = jayson
      .server({
        echo: (args: unknown[], done: (e: null, r: unknown) => void) => done(null, args[0]),
      })
      .http();
    return { port: await listen(server), close: () => stop(server) };
  },
  async jsonRpc2(): Promise<Served> {
    const rpc = new JSONRPCServer();
    rpc.addMethod('echo', ([value]: [unknown]) => value);
    const server = createServer(async (req, res) => {
      const answer = await rpc.receive(JSON.parse(await body(req)));
      res
        .writeHead(answer ? 200 : 204, { 'content-type': 'application/json' })
        .end(answer ? JSON.stringify(answer) : undefined);
    });
    return { port: await listen(server), close: () => stop(server) };
  },
  async bare(): Promise<Served> {
    const server = createServer(async (req, res) => {
      const { id, params } = JSON.parse(await body(req)) as { id: number; params: unknown[] };
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id, result: params[0] }));
    });
    return { port: await listen(server), close: () => stop(server) };
  },
};

/** Runs `total` calls keeping `inFlight` of them outstanding. */
export async function pipelined(
  total: number,
  inFlight: number,
  call: () => Promise<unknown>,
): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

// Real peers against our server and our client: bitsharesjs-ws (the Graphene client), jayson and
// json-rpc-2.0.
import type { AddressInfo } from 'node:net';
import { Apis } from 'bitsharesjs-ws';
import jayson from 'jayson/promise/index.js';
import { JSONRPCClient, JSONRPCServer, JSONRPCServerAndClient } from 'json-rpc-2.0';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  CHAIN_ID,
  COMMITTEE_ACCOUNT,
  createGrapheneLikeServer,
} from '../examples/graphene-like.ts';
import { MethodNotFoundError, RpcClient } from '../src/index.ts';
import { serverForSuite, wsUrl } from './helpers.ts';

const example = serverForSuite(createGrapheneLikeServer);

describe('bitsharesjs-ws against the example server', () => {
  it('initialises as against a BitShares node and reads get_accounts through db_api()', async () => {
    const apis = Apis.instance(wsUrl(example.url), true, 10_000);
    await apis.init_promise;
    expect(apis.chain_id).toBe(CHAIN_ID);
    const accounts = await apis.db_api().exec('get_accounts', [['1.2.0']]);
    expect(accounts).toEqual([COMMITTEE_ACCOUNT]);
    expect(await apis.history_api().exec('get_account_history', ['1.2.0'])).toEqual([]);
    await Apis.close();
  });

  it('receives the notices of set_subscribe_callback through its callback', async () => {
    const apis = Apis.instance(wsUrl(example.url), true, 10_000);
    await apis.init_promise;
    const notice = new Promise<unknown>((resolve) => {
      void apis.db_api().exec('set_subscribe_callback', [resolve, false]);
    });
    expect(await notice).toEqual([[expect.objectContaining({ id: '2.1.0' })]]);
    await Apis.close();
  });
});

describe('json-rpc-2.0 server-and-client receiving our notices', () => {
  it('takes a notice as a JSON-RPC 2.0 notification and runs its method', async () => {
    const ws = new WebSocket(wsUrl(example.url));
    const peer = new JSONRPCServerAndClient(
      new JSONRPCServer(),
      new JSONRPCClient((request) => ws.send(JSON.stringify(request))),
    );
    const notice = new Promise<unknown>((resolve) => {
      peer.addMethod('notice', (params: unknown) => resolve(params));
    });
    ws.on('message', (data: Buffer) => void peer.receiveAndSend(JSON.parse(data.toString())));
    await new Promise((resolve) => ws.once('open', resolve));
    expect(await peer.request('call', [0, 'set_subscribe_callback', [9, false]])).toBeNull();
    expect(await notice).toEqual([9, [[expect.objectContaining({ id: '2.1.0' })]]]);
    ws.close();
  });
});

describe('jayson client against our server', () => {
  it('calls over HTTP', async () => {
    const { port } = new URL(example.url);
    const client = jayson.client.http({ host: '127.0.0.1', port: Number(port), path: '/rpc' });
    const answer = await client.request('get_accounts', [['1.2.0']]);
    expect(answer).toEqual({ id: expect.anything(), jsonrpc: '2.0', result: [COMMITTEE_ACCOUNT] });
    const batch = await client.request([
      client.request('get_chain_id', [], undefined, false),
      client.request('call', ['history', 'get_account_history', []], undefined, false),
    ]);
    expect(batch).toHaveLength(2);
    const missing = await client.request('no_such', []);
    expect(missing.error).toMatchObject({ code: -32601 });
  });

  it('calls over WebSocket', async () => {
    const socket = new WebSocket(wsUrl(example.url));
    await new Promise((resolve) => socket.once('open', resolve));
    const client = jayson.client.websocket({ ws: socket as never });
    const answer = await client.request('call', [0, 'get_chain_id', []]);
    expect(answer).toMatchObject({ jsonrpc: '2.0', result: CHAIN_ID });
    socket.close();
  });
});

describe('json-rpc-2.0 client against our server', () => {
  it('calls over WebSocket', async () => {
    const ws = new WebSocket(wsUrl(example.url));
    const client = new JSONRPCClient((request) => ws.send(JSON.stringify(request)));
    ws.on('message', (data: Buffer) => client.receive(JSON.parse(data.toString())));
    await new Promise((resolve) => ws.once('open', resolve));
    expect(await client.request('get_accounts', [['1.2.0']])).toEqual([COMMITTEE_ACCOUNT]);
    await expect(client.request('call', [1, 'network_node', []])).rejects.toMatchObject({
      code: -32001,
    });
    ws.close();
  });

  it('calls over HTTP', async () => {
    const client = new JSONRPCClient(async (request) => {
      const response = await fetch(example.url, { method: 'POST', body: JSON.stringify(request) });
      client.receive((await response.json()) as never);
    });
    expect(await client.request('get_chain_id', [])).toBe(CHAIN_ID);
  });
});

describe('our client against a jayson server', () => {
  let peer: ReturnType<typeof jayson.server>;
  let peerUrl: string;
  const http = () => peer.http();
  let listening: ReturnType<typeof http>;
  beforeAll(async () => {
    peer = jayson.server({
      add: async (args: unknown) => (args as [number, number])[0] + (args as [number, number])[1],
    });
    listening = peer.http();
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    peerUrl = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => listening.close(resolve)));

  it('calls over HTTP and gets the peer errors as typed RpcErrors', async () => {
    const client = new RpcClient(peerUrl);
    expect(await client.call('add', [2, 3])).toBe(5);
    await expect(client.call('nope', [])).rejects.toBeInstanceOf(MethodNotFoundError);
    await client.close();
  });
});

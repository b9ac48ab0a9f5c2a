import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { COMMITTEE_ACCOUNT, createGrapheneLikeServer } from '../examples/graphene-like.ts';
import { backoffDelay } from '../src/client/backoff.ts';
import {
  type Connection,
  ConnectionClosedError,
  RpcClient,
  RpcError,
  RpcServer,
  RpcTimeoutError,
  UnauthorizedError,
} from '../src/index.ts';
import { serverForSuite, started, until, wsUrl } from './helpers.ts';

interface DatabaseApi {
  get_accounts(ids: string[]): (typeof COMMITTEE_ACCOUNT | null)[];
  get_chain_id(): string;
}
interface NetworkNodeApi {
  add_node(endpoint: string): null;
}

const example = serverForSuite(createGrapheneLikeServer);

describe('RpcClient over HTTP', () => {
  it('calls plain methods, named APIs and typed proxies', async () => {
    const client = new RpcClient(`${example.url}/rpc`);
    expect(await client.call('get_accounts', [['1.2.0']])).toEqual([COMMITTEE_ACCOUNT]);
    expect(await client.callApi('history', 'get_account_history', ['1.2.0'])).toEqual([]);
    const accounts = await client.api<DatabaseApi>('database').get_accounts(['1.2.0']);
    expect(accounts[0]?.name).toBe('committee-account');
    await client.close();
  });

  it('rejects with RpcError carrying code and data, typed by code', async () => {
    const client = new RpcClient(example.url);
    const denied = await client
      .api<NetworkNodeApi>('network_node')
      .add_node('x')
      .catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(UnauthorizedError);
    expect(denied).toMatchObject({ code: -32001 });
    const bad = await client.call('get_accounts', ['nope']).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(RpcError);
    expect(bad).toMatchObject({ code: -32602 });
    await client.close();
  });

  it('sends Basic credentials from login() or the URL on each request', async () => {
    const client = new RpcClient(example.url);
    expect(await client.login('bytemaster', 'supersecret')).toBe(true);
    expect(await client.api<NetworkNodeApi>('network_node').add_node('127.0.0.1:9090')).toBeNull();
    await client.close();
    const fromUrl = new RpcClient(example.url.replace('http://', 'http://bytemaster:supersecret@'));
    expect(await fromUrl.callApi('network_node', 'add_node', ['127.0.0.1:9091'])).toBeNull();
    await fromUrl.close();
  });

  it('sends the credentials of a failed HTTP login on no later request', async () => {
    const tried: string[] = [];
    const counting = new RpcServer({
      authenticator: {
        anonymous: () => ({ user: null, apis: ['database_api'] }),
        authenticate: (user, password) => {
          tried.push(user);
          return password === 'right' ? { user, apis: ['database_api'] } : null;
        },
      },
    }).register('database', { whoami: (_args, ctx) => ctx.user });
    const { url } = await started(counting);
    const client = new RpcClient(url);
    expect(await client.login('alice', 'wrong')).toBe(false);
    for (let i = 0; i < 3; i++) expect(await client.call('whoami')).toBeNull();
    expect(tried).toEqual(['alice']); // the login call only: later requests carried no credentials
    expect(await client.login('alice', 'right')).toBe(true);
    expect(await client.call('whoami')).toBe('alice');
    await client.close();
    await counting.close();
  });

  it('sends Basic credentials as UTF-8, over HTTP and on the WebSocket upgrade', async () => {
    const utf8 = new RpcServer({
      authenticator: {
        anonymous: () => null,
        authenticate: (user, password) =>
          password === 'pässwörd' ? { user, apis: ['database_api'] } : null,
      },
    }).register('database', { whoami: (_args, ctx) => ctx.user });
    const { url } = await started(utf8);
    for (const target of [url, wsUrl(url)]) {
      const client = new RpcClient(target, { user: 'jürgen', password: 'pässwörd' });
      expect(await client.call('whoami')).toBe('jürgen');
      await client.close();
    }
    await utf8.close();
  });

  it('sends notifications, refuses subscriptions, and keeps proxies from looking like promises', async () => {
    let notified = 0;
    const own = await started(new RpcServer().register('database', { ping: () => notified++ }));
    const client = new RpcClient(own.url);
    await client.notify('ping');
    expect(notified).toBe(1);
    await expect(client.subscribe('database', 'ping', [], () => {})).rejects.toBeInstanceOf(
      TypeError,
    );
    const proxy = client.api<{ ping(): number }>('database');
    expect(await Promise.resolve(proxy)).toBe(proxy);
    expect(notified).toBe(1);
    await client.close();
    await own.server.close();
  });

  it('times out an HTTP call without an answer', async () => {
    const slow = await started(
      new RpcServer({ limits: { requestTimeoutMs: 300 } }).register('database', {
        never: () => new Promise(() => {}),
      }),
    );
    const client = new RpcClient(slow.url, { timeoutMs: 100 });
    await expect(client.call('never')).rejects.toBeInstanceOf(RpcTimeoutError);
    await client.close();
    await slow.server.close();
  });

  it('reuses one keep-alive connection for many requests', async () => {
    const http = createServer();
    let connections = 0;
    http.on('connection', () => connections++);
    const own = new RpcServer().register('database', { ping: () => 'pong' });
    own.attach(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const client = new RpcClient(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
    const answers = await Promise.all(Array.from({ length: 10 }, () => client.call('ping')));
    expect(answers).toEqual(Array(10).fill('pong'));
    expect(await client.call('ping')).toBe('pong');
    expect(connections).toBe(1);
    await client.close();
    await own.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });
});

describe('RpcClient over WebSocket', () => {
  it('pipelines many calls on one socket and matches answers by id', async () => {
    const client = new RpcClient(wsUrl(example.url));
    const db = client.api<DatabaseApi>('database');
    const ids = await Promise.all(Array.from({ length: 50 }, () => db.get_chain_id()));
    expect(new Set(ids).size).toBe(1);
    expect(example.server.connections).toHaveLength(1);
    await client.close();
  });

  it('ignores frames that are not answers (null, numbers, strings) and keeps serving calls', async () => {
    // A peer that sends stray JSON values before each answer.
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => wss.once('listening', resolve));
    wss.on('connection', (socket) =>
      socket.on('message', (data: Buffer) => {
        const { id } = JSON.parse(data.toString()) as { id: number };
        for (const stray of ['null', '42', '"text"', '[null, 1]']) socket.send(stray);
        socket.send(JSON.stringify({ jsonrpc: '2.0', id, result: id }));
      }),
    );
    const { port } = wss.address() as AddressInfo;
    const client = new RpcClient(`ws://127.0.0.1:${port}`, { reconnect: false });
    expect(await Promise.all([client.call('a'), client.call('b')])).toEqual([1, 2]);
    await client.close();
    await new Promise((resolve) => wss.close(resolve));
  });

  it('times out a call without an answer', async () => {
    const slow = await started(
      new RpcServer().register('database', { never: () => new Promise(() => {}) }),
    );
    const client = new RpcClient(wsUrl(slow.url), { timeoutMs: 100 });
    await expect(client.call('never')).rejects.toBeInstanceOf(RpcTimeoutError);
    await client.close();
    await slow.server.close();
  });

  it('times out each call at its own deadline, answered calls in between unharmed', async () => {
    const slow = await started(
      new RpcServer().register('database', {
        never: () => new Promise(() => {}),
        later: ([ms]: [number]) => new Promise((resolve) => setTimeout(() => resolve(ms), ms)),
      }),
    );
    const client = new RpcClient(wsUrl(slow.url), { timeoutMs: 300 });
    await client.connect();
    const settled: string[] = [];
    const track = (label: string, call: Promise<unknown>) =>
      call.then(
        () => settled.push(`${label} answered`),
        (error: unknown) => settled.push(`${label} ${(error as Error).name}`),
      );
    const first = track('first', client.call('never'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = track('second', client.call('never'));
    const answered = track('answered', client.call('later', [20]));
    await Promise.all([first, answered]);
    // The first call's deadline passed; the second, sent 200 ms later, is still waiting.
    expect(settled).toEqual(['answered answered', 'first RpcTimeoutError']);
    await second;
    expect(settled).toEqual([
      'answered answered',
      'first RpcTimeoutError',
      'second RpcTimeoutError',
    ]);
    await client.close();
    await slow.server.close();
  });

  it('fails calls in flight when closed', async () => {
    const slow = await started(
      new RpcServer().register('database', { never: () => new Promise(() => {}) }),
    );
    const client = new RpcClient(wsUrl(slow.url), { reconnect: false });
    await client.connect();
    const failed = expect(client.call('never')).rejects.toBeInstanceOf(ConnectionClosedError);
    await client.close();
    await failed;
    await slow.server.close();
  });

  it('reconnects, logs in again, re-acquires API ids and re-registers callbacks', async () => {
    const connections: Connection[] = [];
    const notices: unknown[] = [];
    let reconnected = 0;
    const own = createGrapheneLikeServer();
    const { url: ownUrl } = await own.listen(0, '127.0.0.1');
    const client = new RpcClient(wsUrl(ownUrl), {
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
      onReconnect: () => reconnected++,
    });
    expect(await client.login('bytemaster', 'supersecret')).toBe(true);
    const node = client.api<NetworkNodeApi>('network_node');
    expect(await node.add_node('a:1')).toBeNull();
    const subscription = await client.subscribe(
      'database',
      'set_subscribe_callback',
      [false],
      (data) => notices.push(data),
    );
    expect(subscription.result).toBeNull();
    await until(() => notices.length === 1);
    connections.push(...own.connections);
    expect(connections).toHaveLength(1);
    connections[0]?.close(1012, 'restart');
    await until(() => reconnected === 1);
    // The new connection is logged in again (network_node needs it) and the callback re-registered.
    expect(await node.add_node('b:2')).toBeNull();
    await until(() => notices.length === 2);
    expect(own.connections[0]?.grant?.user).toBe('bytemaster');
    await client.close();
    await own.close();
  });

  it('restores login, API ids and callbacks on a new server after a real restart on the same port', async () => {
    const notices: unknown[] = [];
    let reconnected = 0;
    const first = createGrapheneLikeServer();
    const { port } = await first.listen(0, '127.0.0.1');
    const client = new RpcClient(`ws://127.0.0.1:${port}`, {
      reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
      onReconnect: () => reconnected++,
    });
    expect(await client.login('bytemaster', 'supersecret')).toBe(true);
    const node = client.api<NetworkNodeApi>('network_node');
    expect(await node.add_node('a:1')).toBeNull();
    await client.subscribe('database', 'set_subscribe_callback', [false], (data) =>
      notices.push(data),
    );
    await until(() => notices.length === 1);
    await first.close(); // the whole server goes: its sessions, grants and API ids with it
    // A new server process on the same port knows nothing of the client.
    const second = createGrapheneLikeServer();
    await second.listen(port, '127.0.0.1');
    await until(() => reconnected === 1, 30_000);
    const [connection] = second.connections;
    expect(second.connections).toHaveLength(1);
    expect(connection?.grant?.user).toBe('bytemaster'); // logged in again
    await until(() => notices.length === 2); // the callback registered again on the new server
    expect(await node.add_node('b:2')).toBeNull(); // network_node's id asked again, by name
    await client.close();
    await second.close();
  });

  it('fails a first connection that cannot be made, and tries again on the next call', async () => {
    const probe = new RpcServer();
    const { port } = await probe.listen(0, '127.0.0.1');
    await probe.close();
    const client = new RpcClient(`ws://127.0.0.1:${port}`, { reconnect: false });
    await expect(client.call('ping')).rejects.toBeInstanceOf(ConnectionClosedError);
    const late = new RpcServer().register('database', { ping: () => 'pong' });
    await late.listen(port, '127.0.0.1');
    expect(await client.call('ping')).toBe('pong');
    await client.close();
    await late.close();
  });

  it('gives up after maxAttempts reconnects and fails calls with ConnectionClosedError', async () => {
    const gone = await started(new RpcServer().register('database', { ping: () => 'pong' }));
    const client = new RpcClient(wsUrl(gone.url), {
      reconnect: { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 },
    });
    expect(await client.call('ping')).toBe('pong');
    await gone.server.close();
    await expect(client.call('ping')).rejects.toBeInstanceOf(ConnectionClosedError);
    await client.close();
  });

  it('computes jittered exponential backoff within bounds', () => {
    expect(backoffDelay(0, {}, () => 0)).toBe(50);
    expect(backoffDelay(0, {}, () => 1)).toBe(100);
    expect(backoffDelay(3, { initialDelayMs: 100 }, () => 1)).toBe(800);
    expect(backoffDelay(20, { maxDelayMs: 1000 }, () => 0.5)).toBe(750);
  });
});

// The server as an application meets it: schemas, typed handlers, notices, other HTTP routes, attach(), close.
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type ApiHandlers,
  type Connection,
  RpcClient,
  RpcServer,
  type StandardSchemaV1,
  validated,
} from '../src/index.ts';
import { started, until, wsUrl } from './helpers.ts';
import { httpRequest, post, rawWs } from './raw-client.ts';

/** A hand-written Standard Schema: [name: string, seats: positive integer]. */
const bookingArgs: StandardSchemaV1<unknown, [string, number]> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate(value) {
      const [name, seats] = Array.isArray(value) ? value : [];
      if (typeof name !== 'string')
        return { issues: [{ message: 'expected a string', path: [0] }] };
      if (!Number.isInteger(seats) || (seats as number) < 1) {
        return {
          issues: [{ message: 'expected a positive integer', path: [1, { key: 'seats' }] }],
        };
      }
      return { value: [name, seats as number] };
    },
  },
};

describe('RpcServer', () => {
  it('checks arguments with a Standard Schema before the handler runs', async () => {
    const { server, url } = await started(
      new RpcServer().register('database', {
        book: validated(bookingArgs, ([name, seats]) => `${name}:${seats}`),
      }),
    );
    expect((await post(url, '{"id":1,"method":"book","params":["ada",2]}')).json).toMatchObject({
      result: 'ada:2',
    });
    const bad = await post(url, '{"id":2,"method":"book","params":["ada",0]}');
    expect(bad.json).toMatchObject({
      id: 2,
      error: {
        code: -32602,
        message: expect.stringContaining('params[1].seats'),
        data: { issues: [expect.any(Object)] },
      },
    });
    await server.close();
  });

  it('takes a zod schema as a Standard Schema, without an adapter', async () => {
    const args = z.tuple([z.object({ title: z.string().min(1), room: z.string() })]);
    const { server, url } = await started(
      new RpcServer().register('database', {
        add_talk: validated(args, ([talk]) => `${talk.title} in ${talk.room}`),
      }),
    );
    const ok = await post(
      url,
      '{"id":1,"method":"add_talk","params":[{"title":"RPC","room":"K.1"}]}',
    );
    expect(ok.json).toMatchObject({ result: 'RPC in K.1' });
    const bad = await post(
      url,
      '{"id":2,"method":"add_talk","params":[{"title":"","room":"K.1"}]}',
    );
    expect(bad.json).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('params[0].title') },
    });
    await server.close();
  });

  it('types handlers with the same API interface the client proxy uses', async () => {
    interface Calculator {
      add(a: number, b: number): number;
      slowly(text: string): Promise<string>;
    }
    const calculator: ApiHandlers<Calculator> = {
      add: ([a, b]) => a + b,
      slowly: async ([text]) => text.toUpperCase(),
    };
    const { server, url } = await started(new RpcServer().register('calculator', calculator));
    const client = new RpcClient(wsUrl(url));
    const api = client.api<Calculator>('calculator');
    expect(await api.add(2, 3)).toBe(5);
    expect(await api.slowly('ok')).toBe('OK');
    await client.close();
    await server.close();
  });

  it('pushes notices to a connection outside the request, and not after it closed', async () => {
    const opened: Connection[] = [];
    const closed: Connection[] = [];
    let subscriber: Connection | undefined;
    const { server, url } = await started(
      new RpcServer({
        hooks: {
          onConnectionOpen: (c) => opened.push(c),
          onConnectionClose: (c) => closed.push(c),
        },
      }).register('database', {
        subscribe: (_args, ctx) => {
          subscriber = ctx.connection;
          return null;
        },
        http_notify: (_args, ctx) => ctx.notify(1, 'x'),
      }),
    );
    const ws = await rawWs(wsUrl(url));
    expect(await ws.ask('{"id":1,"method":"subscribe"}')).toMatchObject({ result: null });
    expect(server.connections).toHaveLength(1);
    expect(subscriber?.notify(5, { seat: 'A1' })).toBe(true);
    expect(JSON.parse(await ws.next())).toEqual({
      jsonrpc: '2.0',
      method: 'notice',
      params: [5, [{ seat: 'A1' }]],
    });
    const gone = new Promise<void>((resolve) => subscriber?.onClose(resolve));
    await ws.close();
    await gone;
    expect(subscriber?.open).toBe(false);
    expect(subscriber?.notify(5, 'late')).toBe(false);
    expect(opened.map((c) => c.id)).toEqual(closed.map((c) => c.id));
    expect(server.connections).toHaveLength(0);
    expect((await post(url, '{"id":1,"method":"http_notify"}')).json).toMatchObject({
      result: false,
    });
    await server.close();
  });

  it('passes non-POST requests to onHttpRequest on the same port', async () => {
    const { server, url } = await started(
      new RpcServer({
        onHttpRequest: (req, res) => {
          res
            .writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'text/plain' })
            .end('ok');
        },
      }).register('database', { ping: () => 'pong' }),
    );
    const health = await httpRequest(url, null, { method: 'GET', path: '/health' });
    expect([health.status, health.text]).toEqual([200, 'ok']);
    expect((await post(url, '{"id":1,"method":"ping"}')).json).toMatchObject({ result: 'pong' });
    await server.close();
  });

  it('answers 500 when onHttpRequest throws or rejects, without the error, and keeps serving', async () => {
    const throwing = (): void => {
      throw new Error('secret detail at /srv/routes.ts:7');
    };
    const rejecting = async (): Promise<void> => {
      await Promise.resolve();
      throw new Error('secret detail at /srv/routes.ts:9');
    };
    const { server, url } = await started(
      new RpcServer({
        onHttpRequest: (req) => (req.url === '/sync' ? throwing() : rejecting()),
      }).register('database', { ping: () => 'pong' }),
    );
    for (const path of ['/sync', '/async']) {
      const answer = await httpRequest(url, null, { method: 'GET', path });
      expect(answer.status).toBe(500);
      expect(answer.text).not.toContain('secret');
    }
    expect((await post(url, '{"id":1,"method":"ping"}')).json).toMatchObject({ result: 'pong' });
    await server.close();
  });

  it('attaches to an existing node:http server for JSON-RPC and WebSocket', async () => {
    const http = createServer((req, res) => {
      if (req.method === 'GET') res.end('own route');
    });
    const server = new RpcServer().register('database', { ping: () => 'pong' });
    server.attach(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    expect((await post(url, '{"id":1,"method":"ping"}')).json).toMatchObject({ result: 'pong' });
    expect((await httpRequest(url, null, { method: 'GET' })).text).toBe('own route');
    const ws = await rawWs(wsUrl(url));
    expect(await ws.ask('{"id":2,"method":"ping"}')).toMatchObject({ result: 'pong' });
    await server.close();
    await ws.closed;
    await new Promise((resolve) => http.close(resolve));
  });

  it('closes gracefully: answers requests in flight, then closes sockets with 1001 and refuses new ones', async () => {
    const releases: (() => void)[] = [];
    const { server, url } = await started(
      new RpcServer().register('database', {
        slow: () => new Promise<string>((resolve) => releases.push(() => resolve('finished'))),
      }),
    );
    const ws = await rawWs(wsUrl(url));
    ws.send('{"id":1,"method":"slow"}');
    const httpAnswer = post(url, '{"id":2,"method":"slow"}');
    await until(() => releases.length === 2);
    const closing = server.close();
    const refused = await httpRequest(url, '{"id":3,"method":"slow"}').catch(
      (error: Error) => error,
    );
    expect(refused instanceof Error || refused.status === 503).toBe(true);
    for (const release of releases) release();
    expect(JSON.parse(await ws.next())).toMatchObject({ id: 1, result: 'finished' });
    expect((await httpAnswer).json).toMatchObject({ id: 2, result: 'finished' });
    expect((await ws.closed).code).toBe(1001);
    await closing;
  });

  it('closes gracefully only once the messages held back by maxPendingPerConnection are answered', async () => {
    const releases: (() => void)[] = [];
    const { server, url } = await started(
      new RpcServer({ limits: { maxPendingPerConnection: 1 } }).register('database', {
        slow: () => new Promise<string>((resolve) => releases.push(() => resolve('finished'))),
      }),
    );
    const ws = await rawWs(wsUrl(url));
    // Three frames in one TCP write: the server reads them together, runs the first and holds
    // the other two back until it is answered.
    const tcp = (ws.socket as unknown as { _socket: Socket })._socket;
    tcp.cork();
    for (const id of [1, 2, 3]) ws.send(`{"id":${id},"method":"slow"}`);
    tcp.uncork();
    await until(() => releases.length === 1);
    const closing = server.close();
    const answered: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      await until(() => releases.length > i);
      releases[i]?.();
      answered.push(JSON.parse(await ws.next()).id);
    }
    expect(answered).toEqual([1, 2, 3]);
    expect((await ws.closed).code).toBe(1001);
    await closing;
  });
});

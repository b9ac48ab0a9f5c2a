// The limits in force: their defaults, and what a client that passes each one gets.
import { request } from 'node:http';
import { createConnection, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { DEFAULT_LIMITS, type Limits, RpcClient, RpcServer } from '../src/index.ts';
import { started, until, wsUrl } from './helpers.ts';
import { post, rawWs } from './raw-client.ts';

const servers: RpcServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(limits: Partial<Limits>, methods = {}) {
  const server = new RpcServer({ limits }).register('database', {
    echo: (args: unknown[]) => args,
    ...methods,
  });
  servers.push(server);
  return started(server);
}

describe('limits', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxBodyBytes: 1048576,
      maxMessageBytes: 1048576,
      maxDepth: 64,
      maxBatchLength: 100,
      maxConnections: 10000,
      maxSockets: 11000,
      maxConnectionsPerAddress: 1000,
      headersTimeoutMs: 10000,
      maxPendingPerConnection: 64,
      maxAnswerBytes: 16777216,
      maxBatchAnswerBytes: 16777216,
      maxBufferedBytesPerConnection: 16777216,
      requestTimeoutMs: 30000,
      idleTimeoutMs: 120000,
      pingIdleTimeoutMs: 3600000,
      messageTimeoutMs: 30000,
      pingIntervalMs: 30000,
      closeTimeoutMs: 10000,
    });
    expect(new RpcServer().limits).toEqual(DEFAULT_LIMITS);
    // maxSockets follows maxConnections unless set: 1,000 HTTP connections beside the WebSockets.
    expect(new RpcServer({ limits: { maxConnections: 50 } }).limits.maxSockets).toBe(1050);
    expect(new RpcServer({ limits: { maxSockets: 7 } }).limits.maxSockets).toBe(7);
  });

  it('refuses a limit that is not a number >= 0 with RangeError naming it', () => {
    expect(() => new RpcServer({ limits: { maxAnswerBytes: -1 } })).toThrow(RangeError);
    expect(() => new RpcServer({ limits: { maxDepth: Number.NaN } })).toThrow(/maxDepth/);
    expect(new RpcServer({ limits: { maxConnectionsPerAddress: Infinity } }).limits).toMatchObject({
      maxConnectionsPerAddress: Infinity,
    });
  });

  it('answers a body over maxBodyBytes (default 1 MiB) with 413', async () => {
    const { url } = await serve({});
    const body = `{"id":1,"method":"echo","params":["${'x'.repeat(1024 * 1024)}"]}`;
    const answer = await post(url, body);
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ error: { code: -32002 } });
    const small = await post(url, '{"id":1,"method":"echo","params":["x"]}');
    expect(small.json).toMatchObject({ result: ['x'] });
  });

  it('answers 413 for a chunked body that grows past maxBodyBytes', async () => {
    const { url } = await serve({ maxBodyBytes: 64 * 1024 });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(new URL(url), { method: 'POST', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(`{"id":1,"method":"echo","params":["`);
      for (let i = 0; i < 16; i++) req.write('x'.repeat(8 * 1024));
      req.end('"]}');
    });
    expect(status).toBe(413);
  });

  it('answers nesting deeper than maxDepth with -32700', async () => {
    const { url } = await serve({ maxDepth: 10 });
    const deep = `{"id":1,"method":"echo","params":${'['.repeat(10)}${']'.repeat(10)}}`;
    expect((await post(url, deep)).json).toMatchObject({ id: null, error: { code: -32700 } });
    const fits = `{"id":1,"method":"echo","params":${'['.repeat(8)}${']'.repeat(8)}}`;
    expect((await post(url, fits)).json).toMatchObject({ id: 1, result: expect.any(Array) });
    // Brackets inside strings do not count.
    const text = `{"id":2,"method":"echo","params":["${'['.repeat(50)}"]}`;
    expect((await post(url, text)).json).toMatchObject({ id: 2, result: ['['.repeat(50)] });
  });

  it('answers a batch longer than maxBatchLength with one -32002', async () => {
    const { url } = await serve({ maxBatchLength: 3 });
    const item = '{"jsonrpc":"2.0","id":1,"method":"echo"}';
    const answer = await post(url, `[${[item, item, item, item].join(',')}]`);
    expect(answer.json).toMatchObject({
      id: null,
      error: { code: -32002, data: { maxBatchLength: 3 } },
    });
    expect(Array.isArray((await post(url, `[${[item, item, item].join(',')}]`)).json)).toBe(true);
  });

  it('closes a WebSocket that sends a message over maxMessageBytes with 1009', async () => {
    const { url } = await serve({ maxMessageBytes: 1000 });
    const ws = await rawWs(wsUrl(url));
    ws.send(`{"id":1,"method":"echo","params":["${'x'.repeat(2000)}"]}`);
    expect((await ws.closed).code).toBe(1009);
  });

  it('refuses WebSocket connections beyond maxConnections with 503', async () => {
    const { url } = await serve({ maxConnections: 2 });
    const open = [await rawWs(wsUrl(url)), await rawWs(wsUrl(url))];
    const third = new WebSocket(wsUrl(url));
    const status = await new Promise<number>((resolve) =>
      third.on('unexpected-response', (_req, res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }),
    );
    expect(status).toBe(503);
    await Promise.all(open.map((ws) => ws.close()));
  });

  it('closes TCP connections beyond maxSockets, HTTP keep-alive ones included, at once', async () => {
    const { url } = await serve({ maxSockets: 2 });
    const { port } = new URL(url);
    const connect = () =>
      new Promise<Socket>((resolve, reject) => {
        const socket = createConnection(Number(port), '127.0.0.1', () => resolve(socket));
        socket.once('error', reject);
      });
    const ask = (socket: Socket) =>
      new Promise<string>((resolve) => {
        const body = '{"id":1,"method":"echo","params":["x"]}';
        socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1')));
        socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      });
    const kept = [await connect(), await connect()];
    expect(await ask(kept[0] as Socket)).toMatch(/^HTTP\/1\.1 200/);
    const third = await connect();
    const ended = await new Promise<string>((resolve) => {
      let seen = '';
      third.on('data', (chunk: Buffer) => {
        seen += chunk.toString('latin1');
      });
      third.on('error', () => {});
      third.once('close', () => resolve(seen));
      third.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n[]');
    });
    expect(ended).toBe(''); // closed unread, no answer
    expect(await ask(kept[1] as Socket)).toMatch(/^HTTP\/1\.1 200/);
    for (const socket of kept) socket.destroy();
  });

  it('stops waiting for requests in flight after closeTimeoutMs and closes sockets with 1001', async () => {
    let running = false;
    const server = new RpcServer({ limits: { closeTimeoutMs: 200 } }).register('database', {
      never: () => {
        running = true;
        return new Promise(() => {});
      },
    });
    const { url } = await started(server);
    const client = await rawWs(wsUrl(url));
    client.send('{"id":1,"method":"never"}');
    await until(() => running);
    await server.close(); // would hang if close waited for `never`
    expect((await client.closed).code).toBe(1001);
    expect(client.buffered).toBe(0);
  });

  it('stops reading a connection with maxPendingPerConnection requests in flight, then drains', async () => {
    let running = 0;
    let most = 0;
    const { url } = await serve(
      { maxPendingPerConnection: 4 },
      {
        // Each call holds its slot for a while, so without backpressure all 20 would overlap.
        slow: async () => {
          most = Math.max(most, ++running);
          await new Promise((resolve) => setTimeout(resolve, 30));
          running--;
          return 'done';
        },
      },
    );
    const ws = await rawWs(wsUrl(url));
    for (let id = 0; id < 20; id++) ws.send(`{"id":${id},"method":"slow"}`);
    const ids = new Set<number>();
    while (ids.size < 20) ids.add(JSON.parse(await ws.next()).id);
    expect(ids.size).toBe(20);
    expect(most).toBeLessThanOrEqual(4);
    await ws.close();
  });

  it('stops reading a connection whose client does not read its answers', async () => {
    let calls = 0;
    const big = 'x'.repeat(256 * 1024);
    const { url } = await serve(
      { maxPendingPerConnection: 4 },
      {
        big: () => {
          calls++;
          return big;
        },
      },
    );
    const ws = await rawWs(wsUrl(url));
    ws.socket.pause();
    for (let id = 0; id < 200; id++) ws.send(`{"id":${id},"method":"big"}`);
    await until(() => calls >= 4);
    // Nothing signals "the server stopped"; give it time to run away if it would.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(calls).toBeLessThan(200);
    ws.socket.resume();
    const ids = new Set<number>();
    while (ids.size < 200) ids.add(JSON.parse(await ws.next()).id);
    expect(calls).toBe(200);
    await ws.close();
  });

  it('keeps a connection whose client sends keepalive pings, closing silent ones as idle', async () => {
    const { url, server } = await serve({ idleTimeoutMs: 1000 });
    const client = new RpcClient(wsUrl(url), { keepAliveMs: 100, reconnect: false });
    await client.connect();
    const silent = await rawWs(wsUrl(url));
    expect((await silent.closed).reason).toBe('idle timeout');
    const later = await rawWs(wsUrl(url));
    expect((await later.closed).reason).toBe('idle timeout');
    await until(() => server.connections.length === 1);
    expect(await client.call('echo', [1])).toEqual([1]);
    expect(server.connections).toHaveLength(1);
    await client.close();
  });

  it('answers a request running past requestTimeoutMs with -32004 and aborts its signal', async () => {
    let aborted: Promise<unknown> | undefined;
    const { url } = await serve(
      { requestTimeoutMs: 100 },
      {
        hang: (_args: unknown[], ctx: { signal: AbortSignal }) => {
          aborted = new Promise((resolve) =>
            ctx.signal.addEventListener('abort', () => resolve(ctx.signal.reason)),
          );
          return new Promise(() => {});
        },
      },
    );
    const ws = await rawWs(wsUrl(url));
    expect(await ws.ask('{"id":1,"method":"hang"}')).toMatchObject({
      id: 1,
      error: { code: -32004 },
    });
    expect(await aborted).toMatchObject({ code: -32004 });
    await ws.close();
  });

  it('closes a WebSocket idle for idleTimeoutMs', async () => {
    const { url } = await serve({ idleTimeoutMs: 200 });
    const ws = await rawWs(wsUrl(url));
    expect(await ws.closed).toEqual({ code: 1000, reason: 'idle timeout' });
  });

  it('pings, and drops a peer that does not answer with a pong', async () => {
    const { url } = await serve({ pingIntervalMs: 100 });
    const polite = await rawWs(wsUrl(url));
    let pings = 0;
    polite.socket.on('ping', () => pings++);
    const silent = new WebSocket(wsUrl(url), { autoPong: false });
    const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
    expect(await closed).toBe(1006);
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(polite.socket.readyState).toBe(WebSocket.OPEN);
    await polite.close();
  });
});

// Attacks from outside, over real sockets on 127.0.0.1: resets, answers too large for memory,
// clients that do not read, hosts that hold every connection, revoked users, foreign web pages.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  type Authenticator,
  type Grant,
  type Limits,
  RpcServer,
  type RpcServerOptions,
} from '../src/index.ts';
import { started, until, wsUrl } from './helpers.ts';
import { basic, post, rawWs } from './raw-client.ts';

const servers: RpcServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const methods = {
  echo: (args: unknown[]) => args,
  blob: ([bytes]: [number]) => 'x'.repeat(bytes),
};

async function serve(limits: Partial<Limits>, options: RpcServerOptions = {}, extra = {}) {
  const server = new RpcServer({ ...options, limits }).register('database', {
    ...methods,
    ...extra,
  });
  servers.push(server);
  const { url } = await started(server);
  return { server, url, port: Number(new URL(url).port) };
}

/** A raw TCP connection to `port`, open. */
async function tcp(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  const socket = connect({ port, host: '127.0.0.1', localAddress });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** Resolves with what the server sent once it closes `socket`. */
function closedBy(socket: Socket): Promise<string> {
  let text = '';
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
  });
  socket.on('error', () => undefined);
  return new Promise((resolve) => socket.once('close', () => resolve(text)));
}

const upgradeRequest = (port: number, headers: Record<string, string> = {}) =>
  `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n' +
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('') +
  '\r\n';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens a `ws` client and waits for the connection. */
async function opened(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}) {
  const ws = new WebSocket(url, { perMessageDeflate: false, ...options });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

describe('a reset during a slow authentication of a WebSocket upgrade', () => {
  it('leaves the process running and the server serving', async () => {
    let checked = 0;
    const slow: Authenticator = {
      anonymous: () => ({ user: null, apis: ['database_api'] }),
      authenticate: () =>
        new Promise((resolve) =>
          setTimeout(() => {
            checked++;
            resolve(null);
          }, 80),
        ),
    };
    const { url, port } = await serve({}, { authenticator: slow });
    for (let attempt = 0; attempt < 3; attempt++) {
      const socket = await tcp(port);
      socket.write(upgradeRequest(port, { Authorization: basic('organizer', 'anything') }));
      await pause(5);
      socket.resetAndDestroy();
    }
    await until(() => checked === 3);
    const answer = await post(url, '{"id":1,"method":"echo","params":[1]}');
    expect(answer.json).toMatchObject({ id: 1, result: [1] });
  });
});

describe('answers too large', () => {
  const limits = { maxAnswerBytes: 10_000, maxBatchAnswerBytes: 25_000 };
  const unbuildable = {
    // What V8 throws when a result's JSON would pass its longest string (~512 MiB).
    unbuildable: () => ({
      toJSON() {
        throw new RangeError('Invalid string length');
      },
    }),
  };

  it('answers a result over maxAnswerBytes with -32002 naming the limit, on WebSocket and HTTP', async () => {
    const { url } = await serve(limits);
    const error = { code: -32002, data: { limit: 'maxAnswerBytes', maxAnswerBytes: 10_000 } };
    const ws = await rawWs(wsUrl(url));
    expect(await ws.ask('{"id":1,"method":"blob","params":[20000]}')).toMatchObject({
      id: 1,
      error,
    });
    expect(await ws.ask('{"id":2,"method":"blob","params":[9000]}')).toMatchObject({ id: 2 });
    await ws.close();
    const http = await post(url, '{"id":3,"method":"blob","params":[20000]}');
    expect(http.status).toBe(200);
    expect(http.json).toMatchObject({ id: 3, error });
  });

  it('answers a result too long for a JavaScript string with -32002, not a crash or a 500', async () => {
    const { url } = await serve(limits, {}, unbuildable);
    const ws = await rawWs(wsUrl(url));
    const answer = await ws.ask('[{"id":1,"method":"unbuildable"},{"id":2,"method":"echo"}]');
    expect(answer).toMatchObject([
      { id: 1, error: { code: -32002, data: { limit: 'maxAnswerBytes' } } },
      { id: 2, result: [] },
    ]);
    await ws.close();
    const http = await post(url, '{"id":3,"method":"unbuildable"}');
    expect(http.status).toBe(200);
    expect(http.json).toMatchObject({ id: 3, error: { code: -32002 } });
  });

  it('answers the requests of a batch past maxBatchAnswerBytes with -32002, the others with results', async () => {
    const { url } = await serve(limits);
    const batch = JSON.stringify(
      [1, 2, 3, 4, 5].map((id) => ({ jsonrpc: '2.0', id, method: 'blob', params: [8000] })),
    );
    const check = (answers: { id: number; result?: string; error?: unknown }[]) => {
      expect(answers.map((answer) => answer.id)).toEqual([1, 2, 3, 4, 5]);
      expect(answers.slice(0, 3).every((answer) => answer.result?.length === 8000)).toBe(true);
      for (const answer of answers.slice(3)) {
        expect(answer.error).toMatchObject({
          code: -32002,
          data: { limit: 'maxBatchAnswerBytes' },
        });
      }
    };
    const ws = await rawWs(wsUrl(url));
    check((await ws.ask(batch)) as never);
    await ws.close();
    const http = await post(url, batch);
    expect(http.status).toBe(200);
    check(http.json);
  });

  it('keeps a 100-request batch of 256 KiB answers within the default 16 MiB', async () => {
    const { url } = await serve({});
    const batch = JSON.stringify(
      Array.from({ length: 100 }, (_, id) => ({ id, method: 'blob', params: [256 * 1024] })),
    );
    const answers = (await post(url, batch)).json as { result?: string; error?: unknown }[];
    const results = answers.filter((answer) => answer.result !== undefined);
    expect(answers).toHaveLength(100);
    expect(results.length * 256 * 1024).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(results.length).toBeGreaterThan(50);
  });
});

describe('a WebSocket client that does not read', () => {
  it('is not read either, and holds at most maxBufferedBytesPerConnection of answers', async () => {
    const budget = 256 * 1024;
    let served = 0;
    const { server, url } = await serve(
      { maxBufferedBytesPerConnection: budget },
      {},
      {
        blob: ([bytes]: [number]) => {
          served++;
          return 'x'.repeat(bytes);
        },
      },
    );
    const client = await opened(wsUrl(url));
    const frames: string[] = [];
    client.on('message', (data: Buffer) => frames.push(data.toString()));
    client.pause(); // reads nothing from here on
    let peak = 0;
    const sampler = setInterval(() => {
      for (const connection of server.connections) {
        peak = Math.max(peak, connection.bufferedBytes);
      }
    }, 1);
    const total = 2000;
    for (let id = 0; id < total; id++) client.send(`{"id":${id},"method":"blob","params":[32768]}`);
    // The server stops reading once the kernel's buffers and the budget are full.
    let before = -1;
    while (served !== before) {
      before = served;
      await pause(300);
    }
    clearInterval(sampler);
    expect(served).toBeLessThan(total);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(budget);
    client.resume();
    await until(() => frames.length === total, 30_000);
    const answers = frames.map(
      (frame) => JSON.parse(frame) as { result?: string; error?: unknown },
    );
    expect(answers.filter((answer) => answer.result !== undefined).length).toBeGreaterThan(0);
    for (const answer of answers.filter((answer) => answer.error !== undefined)) {
      expect(answer.error).toMatchObject({ data: { limit: 'maxBufferedBytesPerConnection' } });
    }
    client.close();
  }, 60_000);

  it('gets no notices past the budget: notify() returns false', async () => {
    const sent: boolean[] = [];
    const { url } = await serve(
      { maxBufferedBytesPerConnection: 64 * 1024 },
      {},
      {
        flood: (_args: unknown[], ctx: { notify: (id: number, data: unknown) => boolean }) => {
          for (let i = 0; i < 400; i++) sent.push(ctx.notify(7, 'n'.repeat(16 * 1024)));
          return sent.filter(Boolean).length;
        },
      },
    );
    const client = await opened(wsUrl(url));
    client.pause();
    client.send('{"id":1,"method":"flood"}');
    await until(() => sent.length === 400);
    expect(sent.filter(Boolean).length).toBeLessThan(400);
    expect(sent.at(-1)).toBe(false);
    client.terminate();
  });
});

describe('one host holding every connection', () => {
  it('closes connections from one address beyond maxConnectionsPerAddress, not from others', async () => {
    const { url, port } = await serve({ maxConnectionsPerAddress: 3 });
    const held = await Promise.all([tcp(port), tcp(port), tcp(port)]);
    const refused = await tcp(port);
    expect(await closedBy(refused)).toBe('');
    const fromElsewhere = await new Promise<number>((resolve, reject) => {
      const req = request(
        new URL(url),
        { method: 'POST', localAddress: '127.0.0.2', agent: false },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{"id":1,"method":"echo"}');
    });
    expect(fromElsewhere).toBe(200);
    held[0]?.destroy();
    // Once the server has seen that close, the address has room again.
    let again: Awaited<ReturnType<typeof rawWs>> | undefined;
    for (let attempt = 0; again === undefined && attempt < 100; attempt++) {
      again = await rawWs(wsUrl(url)).catch(() => pause(10).then(() => undefined));
    }
    if (again === undefined) throw new Error('no room after a connection closed');
    expect(await again.ask('{"id":2,"method":"echo","params":[2]}')).toMatchObject({ result: [2] });
    await again.close();
    for (const socket of held) socket.destroy();
  });

  it('answers 408 and closes a connection whose headers trickle past headersTimeoutMs', async () => {
    const { port } = await serve({ headersTimeoutMs: 200 });
    const slow = await tcp(port);
    const closed = closedBy(slow);
    let open = true;
    void closed.then(() => {
      open = false;
    });
    slow.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    for (let i = 0; i < 100 && open; i++) {
      slow.write(`X-Slow-${i}: ${i}\r\n`);
      await pause(50);
    }
    expect(open).toBe(false);
    expect(await closed).toMatch(/^HTTP\/1\.1 408/);
  });

  it('drops a WebSocket whose message does not finish within messageTimeoutMs, pings or not', async () => {
    const { url } = await serve({ messageTimeoutMs: 200 });
    const polite = await rawWs(wsUrl(url));
    const stalling = await opened(wsUrl(url));
    const closed = new Promise<number>((resolve) => stalling.once('close', resolve));
    stalling.send('{"id":1,"method":', { fin: false });
    const pinging = setInterval(() => stalling.ping(), 50);
    expect(await closed).toBe(1006);
    clearInterval(pinging);
    expect(await polite.ask('{"id":2,"method":"echo","params":[]}')).toMatchObject({ id: 2 });
    await polite.close();
  });

  it('closes a WebSocket that only pings once pingIdleTimeoutMs has passed', async () => {
    // No idle timeout at all: only pingIdleTimeoutMs can close it.
    const { url } = await serve({ idleTimeoutMs: 0, pingIdleTimeoutMs: 300 });
    const pinger = await opened(wsUrl(url));
    const closed = new Promise<number>((resolve) => pinger.once('close', resolve));
    const pinging = setInterval(() => pinger.ping(), 30);
    expect(await closed).toBe(1000);
    clearInterval(pinging);
  });
});

describe('revocation reaching open connections', () => {
  /** An authenticator whose users can change while connections are open, as a reloaded file. */
  function mutableAuthenticator(withGrantFor: boolean) {
    const users = new Map<string, { password: string; apis: string[] }>([
      ['alice', { password: 'pw', apis: ['database_api', 'admin_api'] }],
      ['bob', { password: 'pw', apis: ['database_api', 'admin_api'] }],
    ]);
    const rules = { anonymous: ['database_api'] };
    const grantOf = (user: string): Grant | null => {
      const entry = users.get(user);
      return entry ? { user, apis: entry.apis } : null;
    };
    const authenticator: Authenticator = {
      anonymous: () => ({ user: null, apis: rules.anonymous }),
      authenticate: (user, password) =>
        users.get(user)?.password === password ? grantOf(user) : null,
      ...(withGrantFor ? { grantFor: async (user: string) => grantOf(user) } : {}),
    };
    return { authenticator, users, rules };
  }

  async function serveWith(authenticator: Authenticator) {
    const server = new RpcServer({ authenticator })
      .register('database', { whoami: (_args, ctx) => ctx.user })
      .register('admin', { secret: () => 'granted' });
    servers.push(server);
    return started(server);
  }

  it('takes a removed user’s access from its open WebSocket, and login("", "") does not restore it', async () => {
    const { authenticator, users } = mutableAuthenticator(true);
    const { server, url } = await serveWith(authenticator);
    const connected = await rawWs(wsUrl(url), { authorization: basic('alice', 'pw') });
    const loggedIn = await rawWs(wsUrl(url));
    expect((await loggedIn.call(1, 'login', ['bob', 'pw'])).result).toBe(true);
    expect((await connected.call('admin', 'secret')).result).toBe('granted');
    expect((await loggedIn.call('admin', 'secret')).result).toBe('granted');
    users.delete('alice');
    users.delete('bob');
    await server.reauthorize();
    for (const ws of [connected, loggedIn]) {
      expect((await ws.call('admin', 'secret')).error).toMatchObject({ code: -32001 });
      expect((await ws.call(0, 'whoami')).result).toBeNull();
      expect((await ws.call(1, 'login', ['', ''])).result).toBe(true); // the anonymous grant
      expect((await ws.call('admin', 'secret')).error).toMatchObject({ code: -32001 });
      await ws.close();
    }
  });

  it('keeps a user still listed, with the grant the new rules give', async () => {
    const { authenticator, users } = mutableAuthenticator(true);
    const { server, url } = await serveWith(authenticator);
    const ws = await rawWs(wsUrl(url), { authorization: basic('alice', 'pw') });
    users.set('alice', { password: 'pw', apis: ['database_api'] });
    await server.reauthorize();
    expect((await ws.call(0, 'whoami')).result).toBe('alice');
    expect((await ws.call('admin', 'secret')).error).toMatchObject({ code: -32001 });
    expect((await ws.call(1, 'login', ['', ''])).result).toBe(true);
    expect((await ws.call(0, 'whoami')).result).toBe('alice');
    await ws.close();
  });

  it('re-reads the anonymous grant of connections that never logged in', async () => {
    const { authenticator, rules } = mutableAuthenticator(true);
    const { server, url } = await serveWith(authenticator);
    const ws = await rawWs(wsUrl(url));
    expect((await ws.call(0, 'whoami')).result).toBeNull();
    rules.anonymous = [];
    await server.reauthorize();
    expect((await ws.call(0, 'whoami')).error).toMatchObject({ code: -32001 });
    await ws.close();
  });

  it('without grantFor, returns logged-in connections to the anonymous grant for good', async () => {
    const { authenticator } = mutableAuthenticator(false);
    const { server, url } = await serveWith(authenticator);
    const ws = await rawWs(wsUrl(url), { authorization: basic('alice', 'pw') });
    expect((await ws.call(1, 'login', ['', ''])).result).toBe(true);
    expect((await ws.call('admin', 'secret')).result).toBe('granted');
    await server.reauthorize();
    expect((await ws.call('admin', 'secret')).error).toMatchObject({ code: -32001 });
    expect((await ws.call(1, 'login', ['', ''])).result).toBe(true);
    expect((await ws.call('admin', 'secret')).error).toMatchObject({ code: -32001 });
    await ws.close();
  });
});

describe('requests a browser sends on behalf of another site', () => {
  let ran = 0;
  const counted = {
    echo: (args: unknown[]) => {
      ran++;
      return args;
    },
  };
  const body = '{"id":1,"method":"echo","params":[1]}';
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  it('refuses a POST from a foreign Origin with 403, whatever its content type, and runs nothing', async () => {
    const { url } = await serve({}, {}, counted);
    ran = 0;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json']) {
      const answer = await post(url, body, {
        origin: 'https://evil.example',
        'content-type': type,
      });
      expect(answer.status).toBe(403);
      expect(answer.json).toMatchObject({ id: null, error: { code: -32001 } });
    }
    const marked = await post(url, body, { 'sec-fetch-site': 'cross-site' });
    expect(marked.status).toBe(403);
    expect(ran).toBe(0);
  });

  it('serves requests without Origin exactly as before, curl --data form content type included', async () => {
    const { url } = await serve({}, {}, counted);
    const answer = await post(url, body, form);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ id: 1, result: [1] });
  });

  it('serves the server’s own origin and the listed ones', async () => {
    const { url } = await serve({}, { allowedOrigins: ['https://app.example'] }, counted);
    expect((await post(url, body, { origin: url })).status).toBe(200);
    expect((await post(url, body, { origin: 'https://app.example' })).status).toBe(200);
    expect((await post(url, body, { origin: 'https://other.example' })).status).toBe(403);
    expect((await post(url, body, { origin: 'null' })).status).toBe(403);
  });

  it('refuses a WebSocket upgrade from a foreign Origin, accepts listed ones and clients without', async () => {
    const { url } = await serve({}, { allowedOrigins: ['https://app.example'] });
    const foreign = new WebSocket(wsUrl(url), { origin: 'https://evil.example' });
    const status = await new Promise<number>((resolve) =>
      foreign.on('unexpected-response', (_req, res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }),
    );
    expect(status).toBe(403);
    const listed = await opened(wsUrl(url), { origin: 'https://app.example' });
    const plain = await opened(wsUrl(url));
    listed.close();
    plain.close();
  });

  it('answers only the hosts of allowedHosts when it is given (421 otherwise)', async () => {
    const { url, port } = await serve({}, { allowedHosts: ['localhost'] });
    expect((await post(url, body, { host: 'evil.example' })).status).toBe(421);
    expect((await post(url, body, { host: `localhost:${port}` })).status).toBe(200);
    const upgrade = await tcp(port);
    const refused = closedBy(upgrade);
    upgrade.write(upgradeRequest(port).replace(`Host: 127.0.0.1:${port}`, 'Host: evil.example'));
    expect(await refused).toMatch(/^HTTP\/1\.1 421/);
  });
});

// Sessions over real HTTP with our client: encrypted requests and answers, and each way a
// request or an answer can be refused, with its code.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiKeyClient,
  type ApiKeyClientOptions,
  ClientSession,
  CryptoSessionError,
  openJson,
  readEncryptedBody,
  sealJson,
  sessionIdOf,
} from '../src/index.ts';
import { listen } from './support/http.ts';
import { type RunningServer, startServer } from './support/node-server.ts';
import { apiKeyOf, createWorld } from './support/psono-world.ts';

const world = createWorld();
let running: RunningServer;
beforeAll(async () => {
  running = await startServer(world);
});
afterAll(() => running.close());

function client(overrides: Partial<ApiKeyClientOptions> = {}): ApiKeyClient {
  return new ApiKeyClient({
    serverUrl: running.url,
    apiKeyId: world.apiKeyId,
    apiKeyPrivateKey: world.apiKeyPrivateKey,
    apiKeySecretKey: world.apiKeySecretKey,
    serverVerifyKey: world.serverVerifyKey,
    ...overrides,
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CryptoSessionError) return error.code;
    throw error;
  }
  throw new Error('expected a CryptoSessionError');
}

/** A plain TCP connection to the server, for requests no HTTP client would send. */
function rawSocket() {
  const { port } = new URL(running.url);
  const socket = connect(Number(port), '127.0.0.1');
  const state = {
    received: '',
    closed: false,
    /** The server's cut shows as a reset or a broken pipe, or as an end. */
    whenClosed: new Promise<void>((resolve) => {
      socket.on('close', () => {
        state.closed = true;
        resolve();
      });
    }),
    write: (text: string) => socket.write(text),
    /** Writes `text`, waiting while the socket's buffer is full; returns at once once it is closed. */
    send: async (text: string) => {
      if (!socket.write(text))
        await Promise.race([
          new Promise((resolve) => socket.once('drain', resolve)),
          state.whenClosed,
        ]);
    },
    /** The next whole answer: its status line and its body (by content-length). */
    answer: async (): Promise<{ status: string; body: string }> => {
      for (;;) {
        const head = state.received.indexOf('\r\n\r\n');
        if (head >= 0) {
          const length = Number(/content-length: (\d+)/i.exec(state.received.slice(0, head))?.[1]);
          if (state.received.length >= head + 4 + length) {
            const status = state.received.slice(0, state.received.indexOf('\r\n'));
            const body = state.received.slice(head + 4, head + 4 + length);
            state.received = state.received.slice(head + 4 + length);
            return { status, body };
          }
        }
        if (state.closed)
          throw new Error(`the connection closed; received ${JSON.stringify(state.received)}`);
        await Promise.race([
          new Promise((resolve) => socket.once('data', resolve)),
          state.whenClosed,
        ]);
      }
    },
  };
  socket.setEncoding('latin1');
  socket.on('data', (text: string) => {
    state.received += text;
  });
  socket.on('error', () => {});
  return state;
}

async function raw(path: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${running.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

describe('login', () => {
  it("opens the user's keys with the API secret key", async () => {
    const session = await client().login();
    expect(session.state.userKeys).toEqual({
      privateKey: world.userPrivateKey,
      secretKey: world.userSecretKey,
    });
    expect(session.state.username).toBe(world.username);
  });

  it('refuses login_info signed by another server key (ERR_SIGNATURE_INVALID)', async () => {
    expect(await codeOf(client({ serverVerifyKey: world.apiKeyVerifyKey }).login())).toBe(
      'ERR_SIGNATURE_INVALID',
    );
  });

  it('refuses user keys that do not open with the API secret key (ERR_TAMPERED)', async () => {
    expect(await codeOf(client({ apiKeySecretKey: '00'.repeat(32) }).login())).toBe('ERR_TAMPERED');
  });

  it('gets ERR_LOGIN_REFUSED from the server as a typed error', async () => {
    expect(await codeOf(client({ apiKeyPrivateKey: '11'.repeat(32) }).login())).toBe(
      'ERR_LOGIN_REFUSED',
    );
  });
});

describe('encrypted requests', () => {
  it('round-trips a body and its answer', async () => {
    const session = await client().login();
    expect(await session.request('POST', '/echo/', { hello: ['wörld', 1] })).toEqual({
      echo: { hello: ['wörld', 1] },
    });
    expect(await session.request('GET', '/datastore/')).toEqual(world.datastoreList);
  });

  it('answers every successful request encrypted, never in clear', async () => {
    const session = await client().login();
    const { status, body } = await raw('/datastore/', {
      headers: { authorization: `Token ${session.state.token}` },
    });
    expect(status).toBe(200);
    expect(Object.keys(body as object).sort()).toEqual(['nonce', 'text']);
  });

  it('answers 404 ERR_NOT_FOUND, sealed, for an unknown route', async () => {
    const session = await client().login();
    expect(await codeOf(session.request('GET', '/nowhere/'))).toBe('ERR_NOT_FOUND');
  });

  it('refuses a request without a token with a plain 401 ERR_UNAUTHENTICATED', async () => {
    expect(await raw('/datastore/', {})).toEqual({
      status: 401,
      body: { code: 'ERR_UNAUTHENTICATED', detail: expect.any(String) },
    });
    for (const authorization of ['Token', 'Token a b', 'Bearer abc', `Token ${'ab'.repeat(64)}`]) {
      expect((await raw('/datastore/', { headers: { authorization } })).status).toBe(401);
    }
  });

  it('answers a request target that is not a URL path with a plain 400 ERR_MALFORMED', async () => {
    const { port } = new URL(running.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write('GET //[::1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    let answer = '';
    for await (const chunk of socket) answer += chunk;
    expect(answer.slice(0, answer.indexOf('\r\n'))).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      code: 'ERR_MALFORMED',
      detail: expect.any(String),
    });
  });

  it('refuses a tampered request body with ERR_TAMPERED and keeps the session', async () => {
    const session = await client().login();
    const key = Buffer.from(session.state.sessionSecretKey, 'hex');
    const sealed = sealJson({ a: 1 }, key);
    const last = sealed.text.at(-1) === '0' ? '1' : '0';
    const result = await raw('/echo/', {
      method: 'POST',
      headers: { authorization: `Token ${session.state.token}` },
      body: JSON.stringify({ ...sealed, text: sealed.text.slice(0, -1) + last }),
    });
    expect(result.status).toBe(400);
    expect(await session.request('GET', '/datastore/')).toEqual(world.datastoreList);
  });

  it('refuses a plain JSON body with 400 ERR_MALFORMED', async () => {
    const session = await client().login();
    const result = await raw('/echo/', {
      method: 'POST',
      headers: { authorization: `Token ${session.state.token}` },
      body: JSON.stringify({ a: 1 }),
    });
    expect(result.status).toBe(400);
  });

  it('refuses a request nonce seen before in the session (ERR_REPLAYED)', async () => {
    const session = await client().login();
    const key = Buffer.from(session.state.sessionSecretKey, 'hex');
    const init = {
      method: 'POST',
      headers: { authorization: `Token ${session.state.token}` },
      body: JSON.stringify(sealJson({ a: 1 }, key)),
    };
    expect((await raw('/echo/', init)).status).toBe(200);
    const replay = await raw('/echo/', init);
    expect(replay.status).toBe(400);
    expect(openJson(readEncryptedBody(replay.body, 'answer'), key, 'answer')).toEqual({
      code: 'ERR_REPLAYED',
      detail: expect.any(String),
    });
  });

  it('refuses a body past maxBodyBytes with 413 ERR_LIMIT_EXCEEDED', async () => {
    const session = await client().login();
    expect(await codeOf(session.request('POST', '/echo/', 'x'.repeat(600_000)))).toBe(
      'ERR_LIMIT_EXCEEDED',
    );
  });

  it('answers 413 to a chunked body that grows past maxBodyBytes, and keeps the connection', async () => {
    const socket = rawSocket();
    const chunk = `10000\r\n${'x'.repeat(0x10000)}\r\n`;
    socket.write(
      'POST /server/echo/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    // 1.125 MiB: past the 1 MiB limit, and within what is read and dropped after it.
    for (let i = 0; i < 18; i++) socket.write(chunk);
    socket.write('0\r\n\r\n');
    const first = await socket.answer();
    expect(first.status).toBe('HTTP/1.1 413 Payload Too Large');
    expect(JSON.parse(first.body)).toEqual({
      code: 'ERR_LIMIT_EXCEEDED',
      detail: expect.any(String),
    });
    // The rest of the body was read, so the connection serves the next request.
    socket.write('GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect((await socket.answer()).status).toBe('HTTP/1.1 404 Not Found');
  });

  it('cuts the connection of a client that goes on sending a refused body', async () => {
    const socket = rawSocket();
    const chunk = `10000\r\n${'x'.repeat(0x10000)}\r\n`;
    socket.write(
      'POST /server/echo/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    // At most 1 MiB is read and 2 MiB more dropped: 64 MiB are never all taken.
    let sent = 0;
    while (sent < 1024 && !socket.closed) {
      await socket.send(chunk);
      sent++;
    }
    expect(sent).toBeLessThan(1024);
    await socket.whenClosed;
    expect(socket.received.slice(0, socket.received.indexOf('\r\n'))).toBe(
      'HTTP/1.1 413 Payload Too Large',
    );
  });
});

describe('session lifetime', () => {
  it('ends a session idle longer than idleTimeoutSeconds (ERR_EXPIRED)', async () => {
    const session = await client().login();
    running.advance(301_000);
    try {
      expect(await codeOf(session.request('GET', '/datastore/'))).toBe('ERR_EXPIRED');
    } finally {
      running.advance(-301_000);
    }
  });

  it('keeps a session used within the idle timeout, up to its absolute end (ERR_EXPIRED)', async () => {
    const session = await client().login();
    try {
      for (let i = 0; i < 3; i++) {
        running.advance(200_000);
        if (i < 2) expect(await session.request('GET', '/datastore/')).toEqual(world.datastoreList);
      }
      expect(await codeOf(session.request('GET', '/datastore/'))).toBe('ERR_EXPIRED');
    } finally {
      running.advance(-600_000);
    }
  });

  it('logs out: the token then gets ERR_UNAUTHENTICATED', async () => {
    const session = await client().login();
    await session.logout();
    expect(await codeOf(session.request('GET', '/datastore/'))).toBe('ERR_UNAUTHENTICATED');
  });

  it('ends another session of the same user by session_id', async () => {
    const first = await client().login();
    const second = await client().login();
    const sessions = await running.server.listSessions({ apiKeyId: world.apiKeyId });
    const target = sessions.find((s) => s.id === sessionIdOf(second.state.token));
    expect(target).toBeDefined();
    expect(
      await first.request('POST', '/authentication/logout/', { session_id: target?.id }),
    ).toEqual({
      success: 'Successfully logged out.',
    });
    expect(await codeOf(second.request('GET', '/datastore/'))).toBe('ERR_UNAUTHENTICATED');
    expect(
      await codeOf(
        first.request('POST', '/authentication/logout/', { session_id: 'ab'.repeat(32) }),
      ),
    ).toBe('ERR_NOT_FOUND');
  });

  it('ends the sessions of a deactivated API key at their next request (ERR_REVOKED)', async () => {
    const session = await client().login();
    running.setKey(apiKeyOf(world, { active: false }));
    try {
      expect(await codeOf(session.request('GET', '/datastore/'))).toBe('ERR_REVOKED');
    } finally {
      running.setKey(apiKeyOf(world));
    }
    expect(await codeOf(session.request('GET', '/datastore/'))).toBe('ERR_UNAUTHENTICATED');
  });

  it('ends every session of a key or a user on demand', async () => {
    const a = await client().login();
    const b = await client().login();
    expect(await running.server.endSessions({ userId: world.userId })).toBeGreaterThanOrEqual(2);
    expect(await running.server.listSessions({ userId: world.userId })).toEqual([]);
    expect(await codeOf(a.request('GET', '/datastore/'))).toBe('ERR_UNAUTHENTICATED');
    expect(await codeOf(b.request('GET', '/datastore/'))).toBe('ERR_UNAUTHENTICATED');
  });
});

describe('keys restricted to secrets', () => {
  it('get no user keys and a 403 ERR_FORBIDDEN outside the secret routes', async () => {
    running.setKey(apiKeyOf(world, { restrictToSecrets: true }));
    try {
      const session = await client().login();
      expect(session.state.restrictToSecrets).toBe(true);
      expect(session.state.userKeys).toBeUndefined();
      expect(await codeOf(session.request('GET', '/datastore/'))).toBe('ERR_FORBIDDEN');
      const [secretId] = Object.keys(world.secrets);
      expect(await session.request('GET', `/secret/${secretId}/`)).toEqual(
        world.secrets[secretId as string],
      );
    } finally {
      running.setKey(apiKeyOf(world));
    }
  });
});

describe('Authorization-Validator', () => {
  it('is sent and accepted when the session has a device fingerprint', async () => {
    const session = await client({ deviceFingerprint: 'device-1' }).login();
    expect(await session.request('GET', '/datastore/')).toEqual(world.datastoreList);
  });

  it('refuses a request without it and ends the session (ERR_VALIDATOR)', async () => {
    const session = await client({ deviceFingerprint: 'device-1' }).login();
    const { device: _, ...withoutDevice } = session.state;
    expect(await codeOf(new ClientSession(withoutDevice).request('GET', '/datastore/'))).toBe(
      'ERR_VALIDATOR',
    );
    expect(await codeOf(session.request('GET', '/datastore/'))).toBe('ERR_UNAUTHENTICATED');
  });

  it('refuses another device fingerprint (ERR_VALIDATOR)', async () => {
    const session = await client({ deviceFingerprint: 'device-1' }).login();
    const other = new ClientSession({ ...session.state, device: { fingerprint: 'device-2' } });
    expect(await codeOf(other.request('GET', '/datastore/'))).toBe('ERR_VALIDATOR');
  });

  it('refuses a request_time outside the window (ERR_VALIDATOR)', async () => {
    const session = await client({ deviceFingerprint: 'device-1' }).login();
    const late = new ClientSession(session.state, { now: () => Date.now() + 25_000 });
    expect(await codeOf(late.request('GET', '/datastore/'))).toBe('ERR_VALIDATOR');
  });
});

describe('answers the client refuses', () => {
  it('refuses a successful answer in clear on a session (ERR_UNENCRYPTED)', async () => {
    const plain = await listen((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"datastores":[]}');
    });
    try {
      const session = await client().login();
      const downgraded = new ClientSession({ ...session.state, serverUrl: plain.url });
      expect(await codeOf(downgraded.request('GET', '/datastore/'))).toBe('ERR_UNENCRYPTED');
    } finally {
      await plain.close();
    }
  });

  it('refuses an answer replayed by a man in the middle (ERR_REPLAYED)', async () => {
    let captured: string | undefined;
    const proxy = await listen(async (request, response) => {
      if (captured === undefined) {
        const upstream = await fetch(`${running.url}${request.url?.replace(/^\/server/, '')}`, {
          headers: { authorization: request.headers.authorization ?? '' },
        });
        captured = await upstream.text();
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(captured);
    });
    try {
      const session = await client().login();
      const relayed = new ClientSession({ ...session.state, serverUrl: `${proxy.url}/server` });
      expect(await relayed.request('GET', '/datastore/')).toEqual(world.datastoreList);
      expect(await codeOf(relayed.request('GET', '/datastore/'))).toBe('ERR_REPLAYED');
    } finally {
      await proxy.close();
    }
  });

  it('refuses a tampered answer (ERR_TAMPERED)', async () => {
    const session = await client().login();
    const tampering = await listen(async (request, response) => {
      const upstream = await fetch(`${running.url}${request.url?.replace(/^\/server/, '')}`, {
        headers: { authorization: request.headers.authorization ?? '' },
      });
      const body = (await upstream.json()) as { text: string; nonce: string };
      const flipped =
        body.text.slice(0, 40) + (body.text[40] === 'a' ? 'b' : 'a') + body.text.slice(41);
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ...body, text: flipped }));
    });
    try {
      const relayed = new ClientSession({ ...session.state, serverUrl: `${tampering.url}/server` });
      expect(await codeOf(relayed.request('GET', '/datastore/'))).toBe('ERR_TAMPERED');
    } finally {
      await tampering.close();
    }
  });

  it('reports a server outside the protocol as ERR_HTTP', async () => {
    const broken = await listen((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
    });
    try {
      const session = await client().login();
      const elsewhere = new ClientSession({ ...session.state, serverUrl: broken.url });
      expect(await codeOf(elsewhere.request('GET', '/datastore/'))).toBe('ERR_HTTP');
    } finally {
      await broken.close();
    }
  });
});

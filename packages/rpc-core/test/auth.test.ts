// Logging in: the permission rule, Basic credentials at connect, the login API and throttling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Authenticator,
  type CallInfo,
  isAllowed,
  parseBasicAuth,
  permissionFor,
  RpcServer,
} from '../src/index.ts';
import { started, wsUrl } from './helpers.ts';
import { basic, httpRequest, post, RawWs, rawWs } from './raw-client.ts';

class Throttled extends Error {
  readonly code = 'ERR_LOGIN_THROTTLED';
  readonly retryAfterMs = 1500;
}

// alice's password contains colons; bob's login is async; mallory is always throttled.
const authenticator: Authenticator = {
  anonymous: () => ({ user: null, apis: ['database_api'] }),
  authenticate(user, password) {
    if (user === 'mallory') throw new Throttled('throttled');
    if (user === 'alice' && password === 's3:cr:et')
      return { user, apis: ['database_api', 'admin_api'] };
    if (user === 'bob' && password === 'pw') {
      return new Promise((resolve) => setTimeout(() => resolve({ user, apis: ['admin_api'] }), 30));
    }
    return null;
  },
};

const seen: CallInfo[] = [];
let server: RpcServer;
let url: string;
beforeAll(async () => {
  ({ server, url } = await started(
    new RpcServer({ authenticator, hooks: { onCallStart: (info) => seen.push(info) } })
      .register('database', { whoami: (_args, ctx) => ctx.user })
      .register('admin', { secret: () => 'granted' }),
  ));
});
afterAll(() => server.close());

describe('permissionFor', () => {
  it("names an API's permission as Graphene does: network_node needs network_node_api", () => {
    expect(permissionFor('database')).toBe('database_api');
    expect(permissionFor('network_node')).toBe('network_node_api');
    expect(permissionFor('login')).toBe('login_api');
  });

  it('takes a name already ending in _api as the permission itself', () => {
    expect(permissionFor('network_node_api')).toBe('network_node_api');
    expect(permissionFor('login_api')).toBe('login_api');
  });
});

describe('isAllowed', () => {
  const grant = { user: 'bytemaster', apis: ['network_node_api', 'database_api', '*'] };

  it('allows an API by its name or its permission name alike', () => {
    expect(isAllowed(grant, 'network_node')).toBe(true);
    expect(isAllowed(grant, 'network_node_api')).toBe(true);
    expect(isAllowed(grant, 'history')).toBe(false);
    expect(isAllowed(grant, 'history_api')).toBe(false);
  });

  it('always allows the login API, under either name, even without a grant', () => {
    for (const name of ['login', 'login_api']) {
      expect(isAllowed(null, name)).toBe(true);
      expect(isAllowed({ user: null, apis: [] }, name)).toBe(true);
    }
    expect(isAllowed(null, 'database')).toBe(false);
  });

  it('compares exactly: "*" is no wildcard, case and suffixes matter', () => {
    expect(isAllowed(grant, 'crypto')).toBe(false);
    expect(isAllowed(grant, 'Database')).toBe(false);
    expect(isAllowed({ user: null, apis: ['network_node'] }, 'network_node')).toBe(false);
    expect(isAllowed({ user: null, apis: ['network_node_api_api'] }, 'network_node_api')).toBe(
      false,
    );
  });

  it('is why register refuses API names ending in _api, which would share a permission', () => {
    expect(() => new RpcServer().register('history_api', {})).toThrow(
      /register 'history', whose permission is 'history_api'/,
    );
  });
});

describe('parseBasicAuth', () => {
  it('splits at the first colon, so passwords may contain colons', () => {
    expect(parseBasicAuth(basic('alice', 's3:cr:et'))).toEqual({
      user: 'alice',
      password: 's3:cr:et',
    });
    expect(parseBasicAuth('basic Ynl0ZW1hc3RlcjpzdXBlcnNlY3JldA==')).toEqual({
      user: 'bytemaster',
      password: 'supersecret',
    });
  });

  it('returns null for malformed headers and undefined without one', () => {
    expect(parseBasicAuth(undefined)).toBeUndefined();
    for (const header of [
      'Basic',
      'Basic !!!',
      `Basic ${Buffer.from('nocolon').toString('base64')}`,
      'Bearer abc',
      'Basic abc',
    ]) {
      expect(parseBasicAuth(header)).toBeNull();
    }
  });
});

describe('login API', () => {
  it('checks permission on every call: logout revokes ids already handed out', async () => {
    const ws = await rawWs(wsUrl(url));
    expect((await ws.call(1, 'login', ['alice', 's3:cr:et'])).result).toBe(true);
    expect((await ws.call(1, 'admin')).result).toBe(2);
    expect((await ws.call(2, 'secret')).result).toBe('granted');
    expect((await ws.call(0, 'whoami')).result).toBe('alice');
    expect((await ws.call(1, 'logout')).result).toBe(false);
    expect(await ws.call(2, 'secret')).toMatchObject({ error: { code: -32001 } });
    expect((await ws.call(0, 'whoami')).result).toBeNull();
    await ws.close();
  });

  it('leaves the anonymous grant after a failed re-login, revoking at once', async () => {
    const ws = await rawWs(wsUrl(url));
    await ws.call(1, 'login', ['alice', 's3:cr:et']);
    expect((await ws.call(1, 'admin')).result).toBe(2);
    expect((await ws.call(1, 'login', ['alice', 'wrong'])).result).toBe(false);
    expect(await ws.call(2, 'secret')).toMatchObject({ error: { code: -32001 } });
    expect((await ws.call(1, 'get_available_api_sets')).result).toEqual(['database_api']);
    expect((await ws.call(0, 'whoami')).result).toBeNull();
    await ws.close();
  });

  it('keeps the grant of the upgrade credentials through login("", "") as bitsharesjs-ws sends it', async () => {
    const ws = await rawWs(wsUrl(url), { authorization: basic('alice', 's3:cr:et') });
    expect((await ws.call(1, 'login', ['', ''])).result).toBe(true);
    expect((await ws.call('admin', 'secret')).result).toBe('granted');
    expect((await ws.call(0, 'whoami')).result).toBe('alice');
    await ws.close();
  });

  it('makes calls pipelined behind an async login wait for its outcome', async () => {
    const ws = await rawWs(wsUrl(url));
    ws.send('{"id":1,"method":"call","params":[1,"login",["bob","pw"]]}');
    ws.send('{"id":2,"method":"call","params":["admin","secret",[]]}');
    const answers = [JSON.parse(await ws.next()), JSON.parse(await ws.next())];
    expect(answers).toContainEqual({ id: 1, jsonrpc: '2.0', result: true });
    expect(answers).toContainEqual({ id: 2, jsonrpc: '2.0', result: 'granted' });
    await ws.close();
  });

  it('maps a throttled login to -32002 with retryAfterMs, not to an internal error', async () => {
    const ws = await rawWs(wsUrl(url));
    const answer = await ws.call(1, 'login', ['mallory', 'x']);
    expect(answer).toMatchObject({ error: { code: -32002, data: { retryAfterMs: 1500 } } });
    expect((await ws.call(0, 'whoami')).result).toBeNull();
    await ws.close();
  });

  it('never hands the password to the observability hooks', () => {
    expect(seen.some((info) => info.method === 'login')).toBe(true);
    const dump = JSON.stringify(seen.map(({ api, method }) => ({ api, method })));
    expect(dump).not.toContain('s3:cr:et');
    expect(seen.every((info) => !('args' in info) && !('params' in info))).toBe(true);
  });
});

describe('Basic credentials at connect', () => {
  const body = '{"jsonrpc":"2.0","method":"call","params":["admin","secret",[]],"id":1}';

  it('logs an HTTP request in with a password containing colons', async () => {
    const answer = await post(url, body, { authorization: basic('alice', 's3:cr:et') });
    expect(answer.json).toEqual({ id: 1, jsonrpc: '2.0', result: 'granted' });
  });

  it('answers a malformed Authorization header with a clean 401', async () => {
    const answer = await post(url, body, { authorization: 'Basic %%%' });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toContain('Basic');
    expect(answer.json).toMatchObject({ id: null, error: { code: -32001 } });
  });

  it('refuses a WebSocket upgrade with a malformed header with 401', async () => {
    const ws = new RawWs(wsUrl(url), { headers: { authorization: 'Basic nocolon' } });
    const status = await new Promise<number>((resolve) =>
      ws.socket.on('unexpected-response', (_req, res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }),
    );
    expect(status).toBe(401);
  });

  it('answers a throttled Basic login with 429 and Retry-After', async () => {
    const answer = await post(url, body, { authorization: basic('mallory', 'x') });
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('2');
    expect(answer.json).toMatchObject({ error: { code: -32002 } });
  });

  it('gives a connection without any grant only the login API', async () => {
    const closed = await started(
      new RpcServer({
        authenticator: { anonymous: () => null, authenticate: () => null },
      }).register('database', {
        ping: () => 'pong',
      }),
    );
    const answer = await post(closed.url, '{"jsonrpc":"2.0","id":1,"method":"ping"}');
    expect(answer.json).toMatchObject({ error: { code: -32001 } });
    const login = await post(
      closed.url,
      '{"jsonrpc":"2.0","id":2,"method":"call","params":[1,"login",[]]}',
    );
    expect(login.json).toMatchObject({ result: 1 });
    const get = await httpRequest(closed.url, null, { method: 'GET' });
    expect(get.status).toBe(405);
    await closed.server.close();
  });

  it('answers 500 when the authenticator itself fails, and keeps serving', async () => {
    const broken = await started(
      new RpcServer({
        authenticator: {
          anonymous: () => {
            throw new Error('policy store down');
          },
          authenticate: () => null,
        },
      }).register('database', { ping: () => 'pong' }),
    );
    const answer = await httpRequest(broken.url, '{"id":1,"method":"ping"}');
    expect(answer.status).toBe(500);
    expect(answer.text).not.toContain('policy store');
    const ws = new RawWs(wsUrl(broken.url));
    const status = await new Promise<number>((resolve) =>
      ws.socket.on('unexpected-response', (_req, res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }),
    );
    expect(status).toBe(500);
    await broken.server.close();
  });
});

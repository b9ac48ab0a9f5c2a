// The steps the server takes, exported for applications that run their own node:http server.
import { EventEmitter } from 'node:events';
import { IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Authenticator,
  addressUrl,
  authenticateRequest,
  createHttpServer,
  DEFAULT_LIMITS,
  type Grant,
  isLoginThrottled,
  LimitExceededError,
  LOGIN_THROTTLED,
  listenOn,
  RpcServer,
  UnauthorizedError,
} from '../src/index.ts';
import { basic, httpRequest } from './raw-client.ts';

const anonymous: Grant = { user: null, apis: ['database_api'] };
const authenticator: Authenticator = {
  anonymous: () => anonymous,
  async authenticate(user, password) {
    if (user === 'mallory')
      throw Object.assign(new Error('slow down'), { code: LOGIN_THROTTLED, retryAfterMs: 2500 });
    return user === 'alice' && password === 'pw' ? { user, apis: ['calendar_api'] } : null;
  },
};

describe('authenticateRequest', () => {
  // A route of our own beside JSON-RPC, answering with the grant rpc-core's step decided.
  const rpc = new RpcServer({ authenticator });
  const server = createHttpServer(rpc.limits);
  let url: string;
  server.on('request', (req, res) => {
    if (req.method === 'POST') return;
    authenticateRequest(authenticator, req).then(
      (grant) => res.end(JSON.stringify(grant)),
      (error: unknown) => {
        const status =
          error instanceof LimitExceededError
            ? 429
            : error instanceof UnauthorizedError
              ? 401
              : 500;
        res.writeHead(status).end(
          JSON.stringify({
            name: (error as Error).name,
            data: (error as LimitExceededError).data,
          }),
        );
      },
    );
  });
  rpc.attach(server);
  beforeAll(async () => {
    ({ url } = await listenOn(server));
  });
  afterAll(async () => {
    await rpc.close();
    await new Promise((resolve) => server.close(resolve));
  });
  const get = (headers: Record<string, string> = {}) =>
    httpRequest(url, null, { method: 'GET', headers });

  it('gives the anonymous grant to a request without credentials', async () => {
    expect(JSON.parse((await get()).text)).toEqual(anonymous);
  });

  it("gives right credentials' grant and wrong ones the anonymous grant, as Graphene does", async () => {
    expect(JSON.parse((await get({ authorization: basic('alice', 'pw') })).text)).toEqual({
      user: 'alice',
      apis: ['calendar_api'],
    });
    expect(JSON.parse((await get({ authorization: basic('alice', 'nope') })).text)).toEqual(
      anonymous,
    );
  });

  it('rejects a malformed Authorization header with UnauthorizedError', async () => {
    const answer = await get({ authorization: 'Basic !!!' });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text)).toMatchObject({ name: 'UnauthorizedError' });
  });

  it('turns a throttled login into LimitExceededError with retryAfterMs', async () => {
    const answer = await get({ authorization: basic('mallory', 'x') });
    expect(answer.status).toBe(429);
    expect(JSON.parse(answer.text)).toEqual({
      name: 'LimitExceededError',
      data: { limit: 'loginAttempts', retryAfterMs: 2500 },
    });
  });
});

describe('isLoginThrottled', () => {
  it('recognises the code LOGIN_THROTTLED with a numeric retryAfterMs, and nothing else', () => {
    expect(LOGIN_THROTTLED).toBe('ERR_LOGIN_THROTTLED');
    expect(isLoginThrottled({ code: LOGIN_THROTTLED, retryAfterMs: 1 })).toBe(true);
    expect(isLoginThrottled({ code: LOGIN_THROTTLED })).toBe(false);
    expect(isLoginThrottled({ code: 'ERR_OTHER', retryAfterMs: 1 })).toBe(false);
    expect(isLoginThrottled(null)).toBe(false);
  });
});

describe('createHttpServer', () => {
  it("bounds the server with rpc-core's limits: socket cap and request timeout", () => {
    const server = createHttpServer();
    expect(server.maxConnections).toBe(DEFAULT_LIMITS.maxConnections + 1000);
    expect(server.requestTimeout).toBe(DEFAULT_LIMITS.requestTimeoutMs);
    const bounded = createHttpServer({ maxConnections: 10, requestTimeoutMs: 5000 });
    expect(bounded.maxConnections).toBe(1010);
    expect(bounded.requestTimeout).toBe(5000);
    expect(createHttpServer({ maxSockets: 7 }).maxConnections).toBe(7);
  });

  it('takes the limits of an RpcServer, so attach() gives what listen() gives', () => {
    const rpc = new RpcServer({ limits: { maxSockets: 42 } });
    expect(createHttpServer(rpc.limits).maxConnections).toBe(42);
  });
});

describe('addressUrl', () => {
  const address = (family: string, host: string, port: number) =>
    ({ family, address: host, port }) as AddressInfo;

  it('writes IPv4 addresses plainly and brackets IPv6 literals (RFC 3986 §3.2.2)', () => {
    expect(addressUrl(address('IPv4', '127.0.0.1', 8090))).toBe('http://127.0.0.1:8090');
    expect(addressUrl(address('IPv6', '::1', 8090))).toBe('http://[::1]:8090');
    expect(addressUrl(address('IPv6', '::1', 8090), 'ws')).toBe('ws://[::1]:8090');
  });
});

describe('listenOn', () => {
  it('resolves with the address taken on a free port', async () => {
    const server = createHttpServer();
    const { host, port, url } = await listenOn(server, 0, '127.0.0.1');
    expect(host).toBe('127.0.0.1');
    expect(port).toBeGreaterThan(0);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    await new Promise((resolve) => server.close(resolve));
  });

  it('rejects with the server error when the port is taken', async () => {
    const first = createHttpServer();
    const { port } = await listenOn(first);
    const second = createHttpServer();
    await expect(listenOn(second, port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await new Promise((resolve) => first.close(resolve));
  });
});

describe('handleHttp', () => {
  /** A request built in process (no socket), as an application answering on another's behalf does. */
  function inProcessRequest(body: string): IncomingMessage {
    const socket = Object.assign(new EventEmitter(), {
      remoteAddress: '10.0.0.1',
      readable: false,
    });
    const req = new IncomingMessage(socket as never);
    req.method = 'POST';
    req.url = '/rpc';
    req.headers = { 'content-type': 'application/json' };
    req.push(body);
    req.push(null);
    return req;
  }

  /** The few response members the transport uses, resolving with what was written. */
  function capturedResponse() {
    let resolve: (answer: { status: number; text: string | undefined }) => void = () => {};
    const answer = new Promise<{ status: number; text: string | undefined }>((r) => {
      resolve = r;
    });
    const res = Object.assign(new EventEmitter(), {
      statusCode: 200,
      headersSent: false,
      destroyed: false,
      writeHead(status: number) {
        res.statusCode = status;
        res.headersSent = true;
        return res;
      },
      end(text?: string) {
        resolve({ status: res.statusCode, text });
        return res;
      },
      destroy() {
        resolve({ status: 0, text: undefined });
        return res;
      },
    });
    return { res, answer };
  }

  it('answers a request built in process, whose stream ends with an error, once its async handler is done', async () => {
    const server = new RpcServer().register('database', {
      later: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return 'done';
      },
    });
    const { res, answer } = capturedResponse();
    server.handleHttp(
      inProcessRequest('{"jsonrpc":"2.0","id":7,"method":"later"}'),
      res as unknown as ServerResponse,
    );
    expect(await answer).toEqual({ status: 200, text: '{"id":7,"jsonrpc":"2.0","result":"done"}' });
    await server.close();
  });
});

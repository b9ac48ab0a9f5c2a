// How requests to servers behave when servers misbehave: size, time, redirects, bodies, http.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  exchangeCode,
  InsecureUrlError,
  LimitExceededError,
  OAuth1Client,
  OAuth2Client,
  ResponseError,
  TransportError,
} from '../src/index.ts';
import { type LocalAnswer, type LocalServer, startLocalServer } from './peers/local-server.ts';

let server: LocalServer;
let answer: LocalAnswer = { status: 200 };

beforeAll(async () => {
  server = await startLocalServer(() => answer);
});
afterAll(() => server?.close());

const serverAt = () => ({
  issuer: server.origin,
  authorizationEndpoint: `${server.origin}/authorize`,
  tokenEndpoint: `${server.origin}/token`,
});
const client = { clientId: 'c', authentication: { method: 'none' } as const };
const transaction = { state: 's', createdAt: 0 };
const exchange = (limits = {}) =>
  exchangeCode(serverAt(), client, transaction, 'code', { allowInsecureRequests: true, limits });

describe('token responses', () => {
  it('keeps every field and lower-cases token_type', async () => {
    answer = {
      status: 200,
      body: { access_token: 'a', token_type: 'Bearer', expires_in: '60', extra: [1] },
    };
    const tokens = await exchange();
    expect(tokens).toMatchObject({ accessToken: 'a', tokenType: 'bearer', expiresIn: 60 });
    expect(tokens.fields.extra).toEqual([1]);
    expect(tokens.expiresAt).toBeGreaterThan(Date.now());
  });

  for (const [what, body] of [
    ['access_token missing', { token_type: 'bearer' }],
    ['token_type missing', { access_token: 'a' }],
    ['expires_in negative', { access_token: 'a', token_type: 'bearer', expires_in: -1 }],
    ['expires_in not numeric', { access_token: 'a', token_type: 'bearer', expires_in: 'soon' }],
    ['refresh_token not a string', { access_token: 'a', token_type: 'bearer', refresh_token: 1 }],
    ['a JSON array', [1]],
    ['not JSON', 'access_token=a'],
  ] as const) {
    it(`refuses a 200 answer with ${what}`, async () => {
      answer = { status: 200, body: body as unknown };
      await expect(exchange()).rejects.toMatchObject({
        name: 'ResponseError',
        code: 'ERR_INVALID_RESPONSE',
      });
    });
  }

  it('refuses a redirect instead of following it', async () => {
    answer = { status: 302, headers: { location: 'https://elsewhere.example/' } };
    await expect(exchange()).rejects.toMatchObject({ code: 'ERR_INVALID_RESPONSE', status: 302 });
  });

  it('reports a 500 without an OAuth body as a ResponseError', async () => {
    answer = { status: 500, body: '<html>oops</html>' };
    const error = await exchange().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).message).not.toContain('oops');
  });
});

describe('limits', () => {
  it('stops reading a body over maxResponseBytes', async () => {
    answer = { status: 200, body: { access_token: 'a'.repeat(2000), token_type: 'bearer' } };
    const error = await exchange({ maxResponseBytes: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ limit: 'maxResponseBytes' });
  });

  it('gives up after timeoutMs with ERR_TIMEOUT', async () => {
    // A server that accepts the request and never answers.
    const never = await import('node:http').then(({ createServer }) => {
      const s = createServer(() => {});
      return new Promise<import('node:http').Server>((resolve) =>
        s.listen(0, '127.0.0.1', () => resolve(s)),
      );
    });
    const port = (never.address() as { port: number }).port;
    const error = await exchangeCode(
      { ...serverAt(), tokenEndpoint: `http://127.0.0.1:${port}/token` },
      client,
      transaction,
      'code',
      { allowInsecureRequests: true, limits: { timeoutMs: 200 } },
    ).catch((e: unknown) => e);
    never.closeAllConnections();
    never.close();
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'ERR_TIMEOUT' });
  });

  it('reports a refused connection as ERR_NETWORK', async () => {
    const closed = await startLocalServer(() => answer);
    const origin = closed.origin;
    await closed.close();
    await expect(
      exchangeCode({ ...serverAt(), tokenEndpoint: `${origin}/token` }, client, transaction, 'c', {
        allowInsecureRequests: true,
      }),
    ).rejects.toMatchObject({ code: 'ERR_NETWORK' });
  });

  it('refuses a limit that is not a positive number', () => {
    expect(
      () =>
        new OAuth2Client({
          server: serverAt(),
          client,
          limits: { timeoutMs: 0 },
          allowInsecureRequests: true,
        }),
    ).toThrow(RangeError);
  });

  it('has frozen defaults', () => {
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
    expect(DEFAULT_LIMITS.maxResponseBytes).toBe(256 * 1024);
  });
});

describe('https only', () => {
  it('refuses http endpoints unless allowed, and then only on loopback', () => {
    const endpoints = {
      requestToken: 'http://127.0.0.1/rt',
      authorize: 'http://127.0.0.1/a',
      accessToken: 'http://127.0.0.1/at',
    };
    const consumer = { key: 'k', secret: 's' };
    expect(() => new OAuth1Client({ consumer, endpoints })).toThrow(InsecureUrlError);
    expect(
      () => new OAuth1Client({ consumer, endpoints, allowInsecureRequests: true }),
    ).not.toThrow();
    expect(
      () =>
        new OAuth1Client({
          consumer,
          endpoints: { ...endpoints, accessToken: 'http://api.example.com/at' },
          allowInsecureRequests: true,
        }),
    ).toThrow(/loopback hosts only/);
  });

  it('refuses other schemes', () => {
    expect(
      () =>
        new OAuth2Client({
          server: { ...serverAt(), tokenEndpoint: 'ftp://127.0.0.1/token' },
          client,
          allowInsecureRequests: true,
        }),
    ).toThrow(InsecureUrlError);
  });
});

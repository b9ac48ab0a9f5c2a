// The browser platform of the client, run on Node's own fetch: the HTTP poster a browser bundle
// uses, and the WebSocket refusal of headers browsers cannot send.
import { describe, expect, it } from 'vitest';
import { createHttpPoster, openSocket } from '../src/client/web-transport.ts';
import { LimitExceededError, RpcServer, RpcTimeoutError } from '../src/index.ts';
import { serverForSuite } from './helpers.ts';

const suite = serverForSuite(() =>
  new RpcServer().register('database', {
    text: ([length]) => 'x'.repeat(Number(length)),
    // Answers only once the request is aborted (its connection closed), so the server closes at once.
    never: (_args, ctx) =>
      new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve(null))),
  }),
);

const call = (method: string, params: unknown[]) =>
  JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
const json = { 'content-type': 'application/json' };

describe('web transport: HTTP over fetch', () => {
  it('posts a request and resolves with the status and body', async () => {
    const poster = createHttpPoster(new URL(suite.url), {
      timeoutMs: 5_000,
      maxMessageBytes: 1024,
      maxSockets: 1,
    });
    const answer = await poster.post(call('text', [3]), json, 'text');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ jsonrpc: '2.0', id: 1, result: 'xxx' });
    poster.close();
  });

  it('stops reading an answer past maxMessageBytes with LimitExceededError', async () => {
    const poster = createHttpPoster(new URL(suite.url), {
      timeoutMs: 5_000,
      maxMessageBytes: 1024,
      maxSockets: 1,
    });
    const error = await poster.post(call('text', [5000]), json, 'text').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ limit: 'maxMessageBytes' });
    poster.close();
  });

  it('fails a request without an answer in timeoutMs with RpcTimeoutError', async () => {
    const poster = createHttpPoster(new URL(suite.url), {
      timeoutMs: 100,
      maxMessageBytes: 1024,
      maxSockets: 1,
    });
    const error = await poster.post(call('never', []), json, 'never').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcTimeoutError);
    expect((error as Error).message).toBe('never got no answer in 100 ms');
    poster.close();
  });
});

describe('web transport: WebSocket', () => {
  it('refuses upgrade headers, which browsers cannot send, with a TypeError', async () => {
    const opening = openSocket(new URL('ws://127.0.0.1:1'), {
      headers: { authorization: 'Basic dTpw' },
      maxMessageBytes: 1024,
      keepAliveMs: 0,
    });
    await expect(opening).rejects.toThrow(TypeError);
    await expect(opening).rejects.toThrow(/client\.login\(\)/);
  });
});

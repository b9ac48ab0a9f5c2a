// The client's bound on what the server sends: answers past maxMessageBytes fail, never buffer on.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_LIMITS, LimitExceededError, RpcClient, RpcServer } from '../src/index.ts';
import { serverForSuite, wsUrl } from './helpers.ts';

const suite = serverForSuite(() =>
  new RpcServer().register('database', {
    text: ([length]) => 'x'.repeat(Number(length)),
  }),
);

const tooLarge = (error: unknown) => {
  expect(error).toBeInstanceOf(LimitExceededError);
  expect(error).toMatchObject({ limit: 'maxMessageBytes', data: { maxMessageBytes: 1024 } });
  expect((error as Error).message).toBe('A message from the server exceeds maxMessageBytes 1024');
};

describe('RpcClient limits', () => {
  it('defaults maxMessageBytes to 16 MiB and freezes the defaults', () => {
    expect(DEFAULT_CLIENT_LIMITS.maxMessageBytes).toBe(16 * 1024 * 1024);
    expect(Object.isFrozen(DEFAULT_CLIENT_LIMITS)).toBe(true);
  });

  it('refuses a limit that is not a positive integer with a RangeError naming it', () => {
    expect(() => new RpcClient(suite.url, { limits: { maxMessageBytes: 0 } })).toThrow(
      /maxMessageBytes must be a positive integer/,
    );
    expect(() => new RpcClient(suite.url, { limits: { maxMessageBytes: 1.5 } })).toThrow(
      RangeError,
    );
  });

  it('fails an HTTP call whose answer passes maxMessageBytes, and serves the next one', async () => {
    const client = new RpcClient(suite.url, { limits: { maxMessageBytes: 1024 } });
    tooLarge(await client.call('text', [2000]).catch((error: unknown) => error));
    expect(await client.call('text', [10])).toBe('x'.repeat(10));
    await client.close();
  });

  it('closes a WebSocket on a message past maxMessageBytes, fails the call and reconnects', async () => {
    const client = new RpcClient(wsUrl(suite.url), {
      limits: { maxMessageBytes: 1024 },
      reconnect: { initialDelayMs: 10 },
    });
    tooLarge(await client.call('text', [2000]).catch((error: unknown) => error));
    expect(await client.call('text', [10])).toBe('x'.repeat(10));
    await client.close();
  });

  it('accepts an answer of exactly maxMessageBytes', async () => {
    const client = new RpcClient(wsUrl(suite.url), { limits: { maxMessageBytes: 1024 } });
    const envelope = JSON.stringify({ jsonrpc: '2.0', id: 1, result: '' }).length;
    expect(await client.call('text', [1024 - envelope])).toHaveLength(1024 - envelope);
    await client.close();
  });
});

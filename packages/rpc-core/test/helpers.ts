// Servers for tests: started on a free port of 127.0.0.1, closed after the suite; polling.
import { afterAll, beforeAll } from 'vitest';
import type { RpcServer } from '../src/index.ts';

/** The ws:// URL of a server's http:// URL. */
export const wsUrl = (url: string, auth = ''): string =>
  url.replace('http://', `ws://${auth ? `${auth}@` : ''}`);

/** Starts `server` on a free port of 127.0.0.1. */
export async function started(server: RpcServer): Promise<{ server: RpcServer; url: string }> {
  const { url } = await server.listen(0, '127.0.0.1');
  return { server, url };
}

/** Resolves when `predicate` holds, polling on the event loop (no fixed sleep). */
export async function until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Starts `make()` before the suite and closes it after; read `.server` and `.url` in tests. */
export function serverForSuite(make: () => RpcServer): {
  readonly server: RpcServer;
  readonly url: string;
} {
  const suite = {} as { server: RpcServer; url: string };
  beforeAll(async () => {
    Object.assign(suite, await started(make()));
  });
  afterAll(() => suite.server.close());
  return suite;
}

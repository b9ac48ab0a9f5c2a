// Real HTTP servers on 127.0.0.1 with a free port, closed by the tests that start them.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A test server's request listener; it may be async. */
export type TestListener = (request: IncomingMessage, response: ServerResponse) => unknown;

/**
 * Listens on a free port of 127.0.0.1; `url` is `http://127.0.0.1:<port>`. A listener that throws
 * or rejects has its connection cut (the test's client sees it) and its error thrown by `close`,
 * in the test that started the server, instead of an unhandled rejection in no test.
 */
export async function listen(
  listener: TestListener,
): Promise<{ url: string; close: () => Promise<void> }> {
  const failures: unknown[] = [];
  const server = createServer((request, response) => {
    new Promise((resolve) => resolve(listener(request, response))).catch((error: unknown) => {
      failures.push(error);
      response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      if (failures.length > 0)
        throw new AggregateError(failures, 'a request listener of the test server failed');
    },
  };
}

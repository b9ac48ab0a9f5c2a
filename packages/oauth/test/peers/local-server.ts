// A small HTTP server on a free port of 127.0.0.1 for the providers that cannot run here.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the handlers see it: method, URL, headers and the form body parsed. */
export interface LocalRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly form: URLSearchParams;
}

/** What a handler answers: status, headers, body (objects are sent as JSON). */
export interface LocalAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A running server: its origin, the requests it received, and how to stop it. */
export interface LocalServer {
  readonly origin: string;
  readonly requests: LocalRequest[];
  close(): Promise<void>;
}

/** Serves `handle` on a free port of 127.0.0.1. */
export async function startLocalServer(
  handle: (request: LocalRequest) => LocalAnswer,
): Promise<LocalServer> {
  const requests: LocalRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const request: LocalRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', `http://${req.headers.host}`),
        headers: req.headers,
        form: new URLSearchParams(body),
      };
      requests.push(request);
      const answer = handle(request);
      const json = typeof answer.body === 'object' && answer.body !== null;
      res.writeHead(answer.status, {
        ...(json ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        ...answer.headers,
      });
      res.end(json ? JSON.stringify(answer.body) : ((answer.body as string | undefined) ?? ''));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A redirect to `target` with `params` added to its query. */
export function redirect(target: string, params: Record<string, string>): LocalAnswer {
  const url = new URL(target);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return { status: 302, headers: { location: url.href } };
}

import { request } from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import type { RpcServer } from '../src/index.ts';

/** A raw WebSocket client: sends text, and hands out received text frames in order. */
export class RawWs {
  readonly socket: WebSocket;
  readonly #received: string[] = [];
  readonly #waiting: ((text: string) => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(url: string, options: { headers?: Record<string, string> } = {}) {
    this.socket = new WebSocket(url, options);
    this.socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      const waiter = this.#waiting.shift();
      if (waiter) waiter(text);
      else this.#received.push(text);
    });
    this.closed = new Promise((resolve) =>
      this.socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.readyState === WebSocket.OPEN) return resolve();
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  /** The next text frame received. */
  next(): Promise<string> {
    const text = this.#received.shift();
    if (text !== undefined) return Promise.resolve(text);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Frames received and not yet taken. */
  get buffered(): number {
    return this.#received.length;
  }

  send(text: string): void {
    this.socket.send(text);
  }

  /** Sends `text` and parses the next frame. */
  async ask(text: string): Promise<Record<string, unknown>> {
    this.send(text);
    return JSON.parse(await this.next());
  }

  close(): Promise<unknown> {
    this.socket.close();
    return this.closed;
  }
}

/** Opens a raw client on `url` and waits for the connection. */
export async function rawWs(url: string, headers?: Record<string, string>): Promise<RawWs> {
  const client = new RawWs(url, headers ? { headers } : {});
  await client.opened();
  return client;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A raw HTTP request (POST unless told), as curl --data would send it. */
export function httpRequest(
  url: string,
  body: string | Buffer | null,
  options: { method?: string; headers?: Record<string, string>; path?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path ?? '/', url);
    const req = request(
      target,
      {
        method: options.method ?? 'POST',
        agent: false,
        headers: {
          ...(body === null ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** POSTs `body` and parses the answer. */
export async function post(
  url: string,
  body: string,
  headers?: Record<string, string>,
  path = '/rpc',
) {
  const answer = await httpRequest(url, body, { path, ...(headers ? { headers } : {}) });
  return { ...answer, json: answer.text === '' ? undefined : JSON.parse(answer.text) };
}

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

export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

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

// The one raw JSON-RPC client of rpc-core's tests: text frames over a plain `ws` socket and raw
// HTTP requests as curl sends them, so the tests see exactly what goes over the wire.
import { request } from 'node:http';
import { WebSocket } from 'ws';

/** A raw WebSocket client: sends text, and hands out received text frames in order. */
export class RawWs {
  readonly socket: WebSocket;
  readonly #received: string[] = [];
  readonly #waiting: ((text: string) => void)[] = [];
  /** Frames that {@link call} read past while looking for its answer, handed out by next(). */
  readonly #skipped: string[] = [];
  #nextId = 1;
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

  /** The next text frame received (frames that {@link call} read past come first). */
  next(): Promise<string> {
    const skipped = this.#skipped.shift();
    return skipped === undefined ? this.#take() : Promise.resolve(skipped);
  }

  #take(): Promise<string> {
    const text = this.#received.shift();
    if (text !== undefined) return Promise.resolve(text);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Frames received and not yet taken. */
  get buffered(): number {
    return this.#skipped.length + this.#received.length;
  }

  send(text: string): void {
    this.socket.send(text);
  }

  /**
   * Sends Graphene's `{"id":n,"method":"call","params":[api, method, args]}` and resolves with the
   * parsed frame that answers it (frames before it stay queued).
   */
  async call(
    api: number | string,
    method: string,
    args: unknown[] = [],
    id = this.#nextId++,
  ): Promise<Record<string, unknown>> {
    this.send(JSON.stringify({ id, method: 'call', params: [api, method, args] }));
    for (;;) {
      const text = await this.#take();
      const frame = JSON.parse(text) as Record<string, unknown>;
      if (frame.id === id && frame.method === undefined) return frame;
      this.#skipped.push(text);
    }
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

/** The `Authorization` header value of HTTP Basic (RFC 7617). */
export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

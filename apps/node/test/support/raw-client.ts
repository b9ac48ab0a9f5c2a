// A WebSocket client as plain as wscat: it sends JSON text and collects what comes back.
import { connect } from 'node:net';
import WebSocket from 'ws';

/** A JSON-RPC answer or a notice, as received. */
export type Message = {
  id?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
  method?: string;
  params?: unknown[];
};

/** One WebSocket connection speaking raw JSON text. */
export class RawClient {
  readonly messages: Message[] = [];
  #waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  /** Answers awaited by {@link call}, by id (thousands may be in flight). */
  readonly #answers = new Map<unknown, (m: Message) => void>();
  #nextId = 1;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Message;
      this.messages.push(message);
      const answered = message.method === undefined ? this.#answers.get(message.id) : undefined;
      if (answered) {
        this.#answers.delete(message.id);
        answered(message);
      }
      this.#waiters = this.#waiters.filter((waiter) => {
        if (!waiter.test(message)) return true;
        waiter.resolve(message);
        return false;
      });
    });
  }

  /** Connects to `url` (which may carry `user:pass@`), from `options.localAddress` if given. */
  static async open(url: string, options: WebSocket.ClientOptions = {}): Promise<RawClient> {
    const socket = new WebSocket(url, options);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)),
      );
    });
    return new RawClient(socket);
  }

  /** Sends text as is. */
  sendText(text: string): void {
    this.socket.send(text);
  }

  /** Resolves with the first message (already received or coming) that passes `test`. */
  waitFor(test: (message: Message) => boolean): Promise<Message> {
    const found = this.messages.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.#waiters.push({ test, resolve }));
  }

  /** Sends `{"id":n,"method":"call","params":[api, method, args]}` and resolves with the answer. */
  call(api: number | string, method: string, args: unknown[] = []): Promise<Message> {
    const id = this.#nextId++;
    const answer = new Promise<Message>((resolve) => this.#answers.set(id, resolve));
    this.sendText(JSON.stringify({ id, method: 'call', params: [api, method, args] }));
    return answer;
  }

  /** The result of a call; throws with the error message when the answer is an error. */
  async result<T = unknown>(
    api: number | string,
    method: string,
    args: unknown[] = [],
  ): Promise<T> {
    const answer = await this.call(api, method, args);
    if (answer.error) throw new Error(`${answer.error.code} ${answer.error.message}`);
    return answer.result as T;
  }

  close(): void {
    this.socket.close();
  }
}

/** POSTs a JSON-RPC body (text as given) and returns status and parsed body. */
export async function postRpc(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Message | null }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Message) : null };
}

/** The `Authorization` header for HTTP Basic. */
export const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

/**
 * Sends raw request text over a TCP socket and resolves with the status line's code as soon as
 * the response head arrives (the server may answer before the body is complete, as for a body
 * announced too large).
 */
export function rawHttp(url: string, head: string, body = ''): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head + body));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (status) {
        resolve(Number(status[1]));
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`closed without a response: ${received}`)));
  });
}

/** The result of an HTTP JSON-RPC answer; throws with the error when there is none. */
export function resultOf<T>(answer: { body: Message | null }): T {
  if (!answer.body || !('result' in answer.body)) {
    throw new Error(`expected a result, got ${JSON.stringify(answer.body)}`);
  }
  return answer.body.result as T;
}

/**
 * Calls `method` of `api` (name or id) over HTTP JSON-RPC (`{"method":"call"}` on `/rpc`) with
 * the given headers, and returns its result; throws when the answer is an error.
 */
export async function callOverHttp<T>(
  nodeUrl: string,
  api: number | string,
  method: string,
  args: unknown[],
  headers: Record<string, string> = {},
): Promise<T> {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    method: 'call',
    params: [api, method, args],
    id: 1,
  });
  return resultOf<T>(await postRpc(`${nodeUrl}/rpc`, body, headers));
}

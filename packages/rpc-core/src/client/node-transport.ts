// The client's platform on Node.js: WebSocket through `ws` (upgrade headers, keepalive pings,
// corked writes) and HTTP through node:http(s) with a keep-alive agent. Bundlers building for a
// browser swap this file for web-transport.js (package.json `browser` field).
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { WebSocket } from 'ws';
import { corkUntilNextTick } from '../cork.js';
import { ConnectionClosedError, RpcError, RpcTimeoutError } from '../errors.js';
import { messageTooLarge } from './limits.js';
import type { ClientSocket, CreateHttpPoster, OpenSocket, SocketEvents } from './transport.js';

/** A `ws` socket as a {@link ClientSocket}, pinging every `keepAliveMs` while open. */
class NodeSocket implements ClientSocket {
  readonly #ws: WebSocket;
  readonly #keepAliveMs: number;

  constructor(ws: WebSocket, keepAliveMs: number) {
    this.#ws = ws;
    this.#keepAliveMs = keepAliveMs;
  }

  get isOpen(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  send(text: string): void {
    corkUntilNextTick(this.#ws);
    this.#ws.send(text);
  }

  listen(events: SocketEvents): void {
    const ws = this.#ws;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) events.message(data.toString('utf8'));
    });
    let tooLarge = false;
    ws.on('error', (error: Error & { code?: string }) => {
      // 'close' follows.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') tooLarge = true;
    });
    const keepAlive =
      this.#keepAliveMs > 0 ? setInterval(() => ws.ping(), this.#keepAliveMs).unref() : undefined;
    ws.once('close', () => {
      clearInterval(keepAlive);
      events.close({ tooLarge });
    });
  }

  close(): Promise<void> {
    const ws = this.#ws;
    if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      ws.once('close', () => resolve());
      ws.close(1000);
    });
  }
}

/** Opens a `ws` socket with the upgrade headers and `maxMessageBytes` as its `maxPayload`. */
export const openSocket: OpenSocket = (url, options) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      headers: { ...options.headers },
      perMessageDeflate: false,
      maxPayload: options.maxMessageBytes,
    });
    const fail = (error?: Error) => {
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      reject(
        new ConnectionClosedError(`Cannot connect to ${url.host}: ${error?.message ?? 'closed'}`),
      );
    };
    ws.once('error', fail);
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      fail(new Error(`HTTP ${res.statusCode}`));
    });
    ws.once('open', () => {
      ws.removeAllListeners();
      resolve(new NodeSocket(ws, options.keepAliveMs));
    });
  });

/** Posts over node:http(s) with a keep-alive agent of `maxSockets` connections. */
export const createHttpPoster: CreateHttpPoster = (url, options) => {
  const https = url.protocol === 'https:';
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets };
  const agent = https ? new HttpsAgent(agentOptions) : new Agent(agentOptions);
  const send = https ? httpsRequest : httpRequest;
  return {
    post: (body, headers, what) =>
      new Promise((resolve, reject) => {
        const req = send(
          url,
          {
            method: 'POST',
            agent,
            headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          },
          (res) =>
            collect(res, options.maxMessageBytes)
              .then((text) => resolve({ status: res.statusCode ?? 0, text }))
              .catch(reject),
        );
        req.setTimeout(options.timeoutMs, () =>
          req.destroy(new RpcTimeoutError(`${what} got no answer in ${options.timeoutMs} ms`)),
        );
        req.on('error', (error) =>
          reject(
            error instanceof RpcError
              ? error
              : new ConnectionClosedError(`HTTP request failed: ${error.message}`),
          ),
        );
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
};

/** The body of `res` as text; rejects with LimitExceededError past `maxBytes`. */
function collect(res: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        res.destroy();
        reject(messageTooLarge(maxBytes));
      } else chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

import { WebSocket } from 'ws';
import { corkUntilNextTick } from '../cork.js';
import { ConnectionClosedError, errorFromWire, RpcTimeoutError } from '../errors.js';
import { backoffDelay, type ReconnectOptions } from './backoff.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** What the client does around the socket's life. */
export interface WsChannelEvents {
  /** A `notice` frame arrived: `{"method":"notice","params":[callbackId,[…args]]}`. */
  notice(callbackId: unknown, args: readonly unknown[]): void;
  /** Runs on a new socket after a reconnect, before waiting calls go out (re-login, …). */
  restore(): Promise<void>;
  /** The connection was restored after a drop. */
  reconnected(): void;
}

const closedError = () =>
  new ConnectionClosedError('The WebSocket closed before the answer arrived');

/**
 * JSON-RPC over one WebSocket: requests are pipelined (many in flight, answers matched by id),
 * each with a timeout. When the socket drops, calls in flight fail with ConnectionClosedError and
 * the channel reconnects with jittered exponential backoff; calls made meanwhile wait for it.
 */
export class WsChannel {
  readonly #url: URL;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;
  readonly #keepAliveMs: number;
  readonly #reconnect: ReconnectOptions | false;
  readonly #events: WsChannelEvents;
  readonly #pending = new Map<number, Pending>();
  #socket: WebSocket | null = null;
  #ready: Promise<void> | null = null;
  #closed = false;
  #nextId = 1;

  constructor(
    url: URL,
    headers: Record<string, string>,
    settings: { timeoutMs: number; keepAliveMs: number },
    reconnect: ReconnectOptions | false,
    events: WsChannelEvents,
  ) {
    this.#url = url;
    this.#headers = headers;
    this.#timeoutMs = settings.timeoutMs;
    this.#keepAliveMs = settings.keepAliveMs;
    this.#reconnect = reconnect;
    this.#events = events;
  }

  /** Opens the socket (once); rejects when that fails, and the next call tries again. */
  connect(): Promise<void> {
    this.#ready ??= this.#open().then(
      (socket) => this.#adopt(socket),
      (error: unknown) => {
        this.#ready = null; // the next call tries again
        throw error;
      },
    );
    return this.#ready;
  }

  /**
   * Sends a request once connected and resolves with its result. With `now`, sends on the current
   * socket without waiting (used while restoring a connection).
   */
  async request(method: string, params: readonly unknown[], now = false): Promise<unknown> {
    if (!now) await this.connect();
    const socket = this.#socket;
    if (socket === null || socket.readyState !== WebSocket.OPEN) throw closedError();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new RpcTimeoutError(`${method} got no answer in ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      corkUntilNextTick(socket);
      socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Sends a notification (no answer expected). */
  async notify(method: string, params: readonly unknown[]): Promise<void> {
    await this.connect();
    if (this.#socket?.readyState !== WebSocket.OPEN) throw closedError();
    this.#socket.send(JSON.stringify({ jsonrpc: '2.0', method, params }));
  }

  /** Closes the socket for good; calls in flight fail with ConnectionClosedError. */
  async close(): Promise<void> {
    this.#closed = true;
    const socket = this.#socket;
    this.#failPending();
    if (socket === null || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1000);
    });
  }

  #open(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.#url, { headers: this.#headers, perMessageDeflate: false });
      const fail = (error?: Error) => {
        socket.removeAllListeners();
        socket.on('error', () => {});
        socket.terminate();
        reject(
          new ConnectionClosedError(
            `Cannot connect to ${this.#url.host}: ${error?.message ?? 'closed'}`,
          ),
        );
      };
      socket.once('error', fail);
      socket.once('unexpected-response', (_req, res) => {
        res.resume();
        fail(new Error(`HTTP ${res.statusCode}`));
      });
      socket.once('open', () => {
        socket.removeAllListeners();
        resolve(socket);
      });
    });
  }

  #adopt(socket: WebSocket): void {
    this.#socket = socket;
    socket.on('message', (data: Buffer) => this.#receive(data.toString('utf8')));
    socket.on('error', () => {
      // 'close' follows.
    });
    const keepAlive =
      this.#keepAliveMs > 0
        ? setInterval(() => socket.ping(), this.#keepAliveMs).unref()
        : undefined;
    socket.once('close', () => {
      clearInterval(keepAlive);
      this.#socket = null;
      this.#failPending();
      if (this.#closed) return;
      if (this.#reconnect === false) {
        this.#ready = Promise.reject(closedError());
        this.#ready.catch(() => {});
        return;
      }
      this.#ready = this.#reconnectLoop(this.#reconnect);
      this.#ready.catch(() => {});
    });
  }

  async #reconnectLoop(options: ReconnectOptions): Promise<void> {
    const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < maxAttempts && !this.#closed; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, options)));
      if (this.#closed) break;
      let socket: WebSocket;
      try {
        socket = await this.#open();
      } catch {
        continue;
      }
      if (this.#closed) {
        socket.close(1000);
        break;
      }
      this.#adopt(socket);
      await this.#events.restore().catch(() => {});
      this.#events.reconnected();
      return;
    }
    throw closedError();
  }

  #receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    for (const item of Array.isArray(message) ? message : [message]) {
      const frame = item as {
        id?: unknown;
        method?: unknown;
        params?: unknown;
        result?: unknown;
        error?: unknown;
      };
      if (frame.method === 'notice' && Array.isArray(frame.params)) {
        const [callbackId, args] = frame.params;
        this.#events.notice(callbackId, Array.isArray(args) ? args : [args]);
        continue;
      }
      const pending = typeof frame.id === 'number' ? this.#pending.get(frame.id) : undefined;
      if (pending === undefined) continue;
      this.#pending.delete(frame.id as number);
      clearTimeout(pending.timer);
      if (frame.error !== undefined) pending.reject(errorFromWire(frame.error));
      else pending.resolve(frame.result);
    }
  }

  #failPending(): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(closedError());
    }
    this.#pending.clear();
  }
}

// JSON-RPC over one WebSocket: pipelined requests matched by id, timeouts, reconnect with backoff.
import { ConnectionClosedError, errorFromWire, type RpcError, RpcTimeoutError } from '../errors.js';
import { backoffDelay, type ReconnectOptions } from './backoff.js';
import { messageTooLarge } from './limits.js';
import { openSocket } from './node-transport.js';
import type { ClientSocket, SocketClose, SocketOptions } from './transport.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  method: string;
  /** When the call times out, on the `performance.now()` clock. */
  deadline: number;
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

/** One incoming JSON-RPC object: an answer or a notice. */
interface Frame {
  id?: unknown;
  method?: unknown;
  params?: unknown;
  result?: unknown;
  error?: unknown;
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
  readonly #socketOptions: SocketOptions;
  readonly #timeoutMs: number;
  readonly #reconnect: ReconnectOptions | false;
  readonly #events: WsChannelEvents;
  /** Calls in flight by id, oldest first: with one timeout for all, also earliest deadline first. */
  readonly #pending = new Map<number, Pending>();
  /** One timer for all calls in flight, set for the oldest one's deadline. */
  #timer: ReturnType<typeof setTimeout> | null = null;
  #socket: ClientSocket | null = null;
  #ready: Promise<void> | null = null;
  /** True while the socket is open and restored: calls go out at once, without waiting. */
  #live = false;
  #closed = false;
  #nextId = 1;

  constructor(
    url: URL,
    socketOptions: SocketOptions,
    timeoutMs: number,
    reconnect: ReconnectOptions | false,
    events: WsChannelEvents,
  ) {
    this.#url = url;
    this.#socketOptions = socketOptions;
    this.#timeoutMs = timeoutMs;
    this.#reconnect = reconnect;
    this.#events = events;
  }

  /** Opens the socket (once); rejects when that fails, and the next call tries again. */
  connect(): Promise<void> {
    this.#ready ??= this.#open().then(
      (socket) => {
        this.#adopt(socket);
        this.#live = true;
      },
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
  request(method: string, params: readonly unknown[], now = false): Promise<unknown> {
    if (now || (this.#live && this.#socket?.isOpen === true)) return this.#send(method, params);
    return this.connect().then(() => this.#send(method, params));
  }

  #send(method: string, params: readonly unknown[]): Promise<unknown> {
    const socket = this.#socket;
    if (socket === null || !socket.isOpen) return Promise.reject(closedError());
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      // Params JSON cannot carry (a BigInt, a cycle) reject here, before the call is counted.
      const text = JSON.stringify({ jsonrpc: '2.0', id, method, params });
      const deadline = performance.now() + this.#timeoutMs;
      this.#pending.set(id, { resolve, reject, method, deadline });
      this.#timer ??= setTimeout(() => this.#expire(), this.#timeoutMs);
      socket.send(text);
    });
  }

  /** Fails the calls whose deadline passed, and sets the timer for the next one. */
  #expire(): void {
    this.#timer = null;
    const now = performance.now();
    for (const [id, pending] of this.#pending) {
      if (pending.deadline > now) {
        this.#timer = setTimeout(() => this.#expire(), pending.deadline - now);
        return;
      }
      this.#pending.delete(id);
      pending.reject(
        new RpcTimeoutError(`${pending.method} got no answer in ${this.#timeoutMs} ms`),
      );
    }
  }

  /** Sends a notification (no answer expected). */
  async notify(method: string, params: readonly unknown[]): Promise<void> {
    await this.connect();
    if (this.#socket?.isOpen !== true) throw closedError();
    this.#socket.send(JSON.stringify({ jsonrpc: '2.0', method, params }));
  }

  /** Closes the socket for good; calls in flight fail with ConnectionClosedError. */
  async close(): Promise<void> {
    this.#closed = true;
    const socket = this.#socket;
    this.#failPending(closedError);
    await socket?.close();
  }

  #open(): Promise<ClientSocket> {
    return openSocket(this.#url, this.#socketOptions);
  }

  #adopt(socket: ClientSocket): void {
    this.#socket = socket;
    socket.listen({
      message: (text) => this.#receive(text),
      close: (how) => this.#dropped(how),
    });
  }

  #dropped(how: SocketClose): void {
    this.#socket = null;
    this.#live = false;
    const max = this.#socketOptions.maxMessageBytes;
    this.#failPending(how.tooLarge ? () => messageTooLarge(max) : closedError);
    if (this.#closed) return;
    if (this.#reconnect === false) {
      this.#ready = Promise.reject(closedError());
      this.#ready.catch(() => {});
      return;
    }
    this.#ready = this.#reconnectLoop(this.#reconnect);
    this.#ready.catch(() => {});
  }

  async #reconnectLoop(options: ReconnectOptions): Promise<void> {
    const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < maxAttempts && !this.#closed; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, options)));
      if (this.#closed) break;
      let socket: ClientSocket;
      try {
        socket = await this.#open();
      } catch {
        continue;
      }
      if (this.#closed) {
        await socket.close();
        break;
      }
      this.#adopt(socket);
      await this.#events.restore().catch(() => {});
      this.#live = true;
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
    if (Array.isArray(message)) for (const item of message) this.#settle(item as Frame);
    else this.#settle(message as Frame);
  }

  /** Hands a notice to the client, or an answer to the call waiting for it. */
  #settle(frame: Frame): void {
    if (typeof frame !== 'object' || frame === null) return;
    if (frame.method === 'notice' && Array.isArray(frame.params)) {
      const [callbackId, args] = frame.params;
      this.#events.notice(callbackId, Array.isArray(args) ? args : [args]);
      return;
    }
    const pending = typeof frame.id === 'number' ? this.#pending.get(frame.id) : undefined;
    if (pending === undefined) return;
    this.#pending.delete(frame.id as number);
    if (this.#pending.size === 0) this.#stopTimer();
    if (frame.error !== undefined) pending.reject(errorFromWire(frame.error));
    else pending.resolve(frame.result);
  }

  #stopTimer(): void {
    if (this.#timer === null) return;
    clearTimeout(this.#timer);
    this.#timer = null;
  }

  #failPending(error: () => RpcError): void {
    this.#stopTimer();
    const failed = [...this.#pending.values()];
    this.#pending.clear();
    for (const pending of failed) pending.reject(error());
  }
}

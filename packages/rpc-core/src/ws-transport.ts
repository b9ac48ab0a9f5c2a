import type { WebSocket } from 'ws';
import { corkUntilNextTick } from './cork.js';
import type { Dispatcher, DispatchResult } from './dispatch.js';
import type { Limits } from './limits.js';
import type { Session } from './session.js';

const OPEN = 1;

/**
 * One WebSocket connection: reads text messages, dispatches them concurrently (pipelining), and
 * applies backpressure: when `maxPendingPerConnection` requests are running or have answers not
 * yet flushed to the socket (a client that does not read), it stops reading until they drain.
 */
export class WsConnection {
  readonly session: Session;
  readonly #ws: WebSocket;
  readonly #dispatcher: Dispatcher;
  readonly #limits: Limits;
  #pending = 0;
  #alive = true;
  #lastSeen = Date.now();
  #stopped = false;
  /** Messages read from the socket after it was paused (frames of the same TCP chunk). */
  readonly #backlog: string[] = [];
  readonly #drainWaiters: (() => void)[] = [];

  constructor(ws: WebSocket, session: Session, dispatcher: Dispatcher, limits: Limits) {
    this.#ws = ws;
    this.session = session;
    this.#dispatcher = dispatcher;
    this.#limits = limits;
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => this.#receive(data));
    ws.on('pong', () => {
      this.#alive = true;
    });
    // A client's own keepalive pings count as activity: it wants the connection kept.
    ws.on('ping', () => {
      this.#lastSeen = Date.now();
    });
    ws.on('error', () => {
      // 'close' follows; the session ends there.
    });
  }

  /** Sends `text`, counting it as pending until flushed. False when the socket is not open. */
  send(text: string): boolean {
    if (this.#ws.readyState !== OPEN) return false;
    this.#begin();
    corkUntilNextTick(this.#ws);
    this.#ws.send(text, () => this.#end());
    return true;
  }

  /** Resolves when every request received so far has been answered. */
  drained(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  /** Stops reading new messages for good (graceful close). */
  stopReading(): void {
    this.#stopped = true;
    this.#ws.pause();
  }

  close(code: number, reason: string): void {
    // Reading must go on for the peer's half of the closing handshake to arrive.
    if (this.#ws.isPaused) this.#ws.resume();
    this.#ws.close(code, reason);
  }

  terminate(): void {
    this.#ws.terminate();
  }

  /** Pings; a peer that did not answer the previous ping is dropped. */
  keepalive(): void {
    if (!this.#alive) {
      this.#ws.terminate();
      return;
    }
    this.#alive = false;
    this.#ws.ping();
  }

  /** Closes the connection when nothing was received for `idleTimeoutMs`. */
  closeIfIdle(now: number): void {
    if (this.#pending === 0 && now - this.#lastSeen > this.#limits.idleTimeoutMs) {
      this.#ws.close(1000, 'idle timeout');
    }
  }

  #receive(data: Buffer | ArrayBuffer | Buffer[]): void {
    if (this.#stopped) return; // read after a graceful close began: not served
    this.#lastSeen = Date.now();
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data).toString('utf8');
    if (this.#pending >= this.#limits.maxPendingPerConnection) this.#backlog.push(text);
    else this.#dispatch(text);
  }

  #dispatch(text: string): void {
    this.#begin();
    const result = this.#dispatcher.handleText(this.session, text);
    if (result instanceof Promise) void result.then((settled) => this.#reply(settled));
    else this.#reply(result);
  }

  #reply(result: DispatchResult): void {
    if (result.text !== null) this.send(result.text);
    this.#end();
  }

  #begin(): void {
    if (++this.#pending >= this.#limits.maxPendingPerConnection && !this.#ws.isPaused) {
      this.#ws.pause();
    }
  }

  #end(): void {
    this.#pending--;
    const max = this.#limits.maxPendingPerConnection;
    while (this.#pending < max && this.#backlog.length > 0) {
      this.#dispatch(this.#backlog.shift() as string);
    }
    if (this.#pending === 0) for (const resolve of this.#drainWaiters.splice(0)) resolve();
    if (!this.#stopped && this.#pending < max && this.#ws.isPaused) this.#ws.resume();
  }
}

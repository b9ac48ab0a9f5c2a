// The server's state of one connection: grant, API id table, close listeners, requests in flight.
import { type Connection, DATABASE_API_ID, LOGIN_API_ID } from '../api.js';
import type { Grant } from '../auth.js';
import type { ConnectGrant } from './request-grant.js';

/**
 * The server's state of one connection: its grant, its table of API ids, its close listeners.
 * The public face of it is {@link Connection}.
 */
export class Session implements Connection {
  readonly id: number;
  readonly transport: 'http' | 'ws';
  readonly remoteAddress: string;
  grant: Grant | null;
  /** The user whose password earned {@link grant}; null while the grant is the anonymous one. */
  user: string | null = null;
  /** The grant that credentials given at connect time (HTTP Basic) produced, if any. */
  connectGrant: Grant | null = null;
  /** The user of those credentials, when they were right. */
  connectUser: string | null = null;
  /** Set while a login runs, so that requests pipelined behind it see its outcome. */
  loginBarrier: Promise<unknown> | null = null;
  open = true;
  /** API names by id beyond the first two; created when the first extra id is handed out. */
  #ids: string[] | null = null;
  #idByName: Map<string, number> | null = null;
  /** Created on first use: most HTTP sessions never have one. */
  #closeListeners: (() => void)[] | null = null;
  #controllers: Set<AbortController> | null = null;
  readonly #send: ((data: string, bytes: number) => boolean) | null;
  /** Bound on {@link #buffered}; Infinity for HTTP, whose one answer has its own bounds. */
  readonly #budget: number;
  /** Bytes of answers and notices produced and not yet written to the socket. */
  #buffered = 0;
  /** Set when something was refused for the budget; cleared once half of it has drained. */
  #overflowed = false;
  /** Set by the WebSocket transport; HTTP connections end with their answer. */
  closer: ((code: number, reason: string) => void) | null = null;

  constructor(
    id: number,
    transport: 'http' | 'ws',
    remoteAddress: string,
    grant: Grant | null,
    send: ((data: string, bytes: number) => boolean) | null,
    budget = Number.POSITIVE_INFINITY,
  ) {
    this.id = id;
    this.transport = transport;
    this.remoteAddress = remoteAddress;
    this.grant = grant;
    this.#send = send;
    this.#budget = budget;
  }

  /**
   * Counts `bytes` of an answer or notice as buffered, unless that would pass the budget while
   * something is already buffered (one answer larger than the budget still goes out alone).
   */
  reserve(bytes: number): boolean {
    if (this.#buffered > 0 && this.#buffered + bytes > this.#budget) {
      this.#overflowed = true;
      return false;
    }
    this.#buffered += bytes;
    return true;
  }

  /** Starts with the grants its connect-time credentials (or their absence) gave. */
  connect(granted: ConnectGrant): void {
    this.grant = granted.grant;
    this.user = granted.connectUser;
    this.connectGrant = granted.connectGrant;
    this.connectUser = granted.connectUser;
  }

  /** Puts `grant` in force, earned by `user`'s password (null: the anonymous grant). */
  setGrant(grant: Grant | null, user: string | null): void {
    this.grant = grant;
    this.user = user;
  }

  /** Gives back `bytes` reserved once they have been written to the socket. */
  release(bytes: number): void {
    this.#buffered -= bytes;
    if (this.#overflowed && this.#buffered <= this.#budget / 2) this.#overflowed = false;
  }

  /** Bytes of answers and notices produced for this connection and not yet written to its socket. */
  get bufferedBytes(): number {
    return this.#buffered;
  }

  /**
   * Whether the buffered bytes reached the budget, or something was refused for it and half of
   * it has not drained yet (the transport stops reading then).
   */
  get congested(): boolean {
    return this.#overflowed || this.#buffered >= this.#budget;
  }

  /** The API name behind `id` on this connection, if the id was handed out. */
  apiName(id: number): string | undefined {
    if (id === DATABASE_API_ID) return 'database';
    if (id === LOGIN_API_ID) return 'login';
    return this.#ids?.[id];
  }

  /** The id of `apiName` on this connection; the same name always gets the same id. */
  apiId(apiName: string): number {
    if (apiName === 'database') return DATABASE_API_ID;
    if (apiName === 'login') return LOGIN_API_ID;
    this.#ids ??= ['database', 'login'];
    this.#idByName ??= new Map();
    let id = this.#idByName.get(apiName);
    if (id === undefined) {
      id = this.#ids.length;
      this.#ids.push(apiName);
      this.#idByName.set(apiName, id);
    }
    return id;
  }

  /** Sends a notice; false when closed, over HTTP, or when the client has not read its budget. */
  notify(callbackId: number | string, data: unknown): boolean {
    if (!this.open || this.#send === null) return false;
    const text = JSON.stringify({ jsonrpc: '2.0', method: 'notice', params: [callbackId, [data]] });
    const bytes = Buffer.byteLength(text);
    if (!this.reserve(bytes)) return false;
    if (this.#send(text, bytes)) return true;
    this.release(bytes);
    return false;
  }

  close(code = 1000, reason = ''): void {
    this.closer?.(code, reason);
  }

  onClose(listener: () => void): void {
    if (!this.open) {
      listener();
      return;
    }
    this.#closeListeners ??= [];
    this.#closeListeners.push(listener);
  }

  /** Aborts `controller` when the connection closes, until {@link untrack}. */
  track(controller: AbortController): void {
    if (!this.open) {
      controller.abort();
      return;
    }
    this.#controllers ??= new Set();
    this.#controllers.add(controller);
  }

  untrack(controller: AbortController): void {
    this.#controllers?.delete(controller);
  }

  /** Marks the connection closed, aborts its requests and runs its close listeners once. */
  markClosed(): void {
    if (!this.open) return;
    this.open = false;
    const controllers = this.#controllers;
    const listeners = this.#closeListeners;
    this.#controllers = null;
    this.#closeListeners = null;
    if (controllers !== null) for (const controller of controllers) controller.abort();
    if (listeners !== null) for (const listener of listeners) listener();
  }
}

// The server's state of one connection: grant, API id table, close listeners, requests in flight.
import { type Connection, DATABASE_API_ID, LOGIN_API_ID } from '../api.js';
import type { Grant } from '../auth.js';

/**
 * The server's state of one connection: its grant, its table of API ids, its close listeners.
 * The public face of it is {@link Connection}.
 */
export class Session implements Connection {
  readonly id: number;
  readonly transport: 'http' | 'ws';
  readonly remoteAddress: string;
  grant: Grant | null;
  /** The grant that credentials given at connect time (HTTP Basic) produced, if any. */
  connectGrant: Grant | null = null;
  /** Set while a login runs, so that requests pipelined behind it see its outcome. */
  loginBarrier: Promise<unknown> | null = null;
  open = true;
  /** API names by id beyond the first two; created when the first extra id is handed out. */
  #ids: string[] | null = null;
  #idByName: Map<string, number> | null = null;
  readonly #closeListeners: (() => void)[] = [];
  readonly #controllers = new Set<AbortController>();
  readonly #send: ((text: string) => boolean) | null;
  /** Set by the WebSocket transport; HTTP connections end with their answer. */
  closer: ((code: number, reason: string) => void) | null = null;

  constructor(
    id: number,
    transport: 'http' | 'ws',
    remoteAddress: string,
    grant: Grant | null,
    send: ((text: string) => boolean) | null,
  ) {
    this.id = id;
    this.transport = transport;
    this.remoteAddress = remoteAddress;
    this.grant = grant;
    this.#send = send;
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

  notify(callbackId: number | string, data: unknown): boolean {
    if (!this.open || this.#send === null) return false;
    return this.#send(JSON.stringify({ method: 'notice', params: [callbackId, [data]] }));
  }

  close(code = 1000, reason = ''): void {
    this.closer?.(code, reason);
  }

  onClose(listener: () => void): void {
    if (this.open) this.#closeListeners.push(listener);
    else listener();
  }

  /** Aborts `controller` when the connection closes, until {@link untrack}. */
  track(controller: AbortController): void {
    if (this.open) this.#controllers.add(controller);
    else controller.abort();
  }

  untrack(controller: AbortController): void {
    this.#controllers.delete(controller);
  }

  /** Marks the connection closed, aborts its requests and runs its close listeners once. */
  markClosed(): void {
    if (!this.open) return;
    this.open = false;
    for (const controller of this.#controllers) controller.abort();
    this.#controllers.clear();
    for (const listener of this.#closeListeners.splice(0)) listener();
  }
}

// The context a handler gets with one call: its connection, user, abort signal and notify.
import type { CallContext } from '../api.js';
import type { Session } from './session.js';

/** The context of one call; its AbortController exists only once a handler reads `signal`. */
export class RequestContext implements CallContext {
  readonly connection: Session;
  #controller: AbortController | null = null;

  constructor(connection: Session) {
    this.connection = connection;
  }

  get user(): string | null {
    return this.connection.grant?.user ?? null;
  }

  get signal(): AbortSignal {
    if (this.#controller === null) {
      this.#controller = new AbortController();
      this.connection.track(this.#controller);
    }
    return this.#controller.signal;
  }

  notify(callbackId: number | string, data: unknown): boolean {
    return this.connection.notify(callbackId, data);
  }

  /** Aborts the signal (if a handler took it) and stops tracking it. */
  finish(reason?: unknown): void {
    if (this.#controller === null) return;
    if (reason !== undefined) this.#controller.abort(reason);
    this.connection.untrack(this.#controller);
  }
}

// WebSocket subscriptions to an event's changes, and the notices they push.
import type { Connection } from '@convene/rpc-core';
import type { ChangeSignals } from './change-signals.js';

/** Most subscriptions one connection may hold. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;

/**
 * The `set_subscribe_callback` subscriptions of WebSocket connections. Each is a receiver of the
 * change signals for one event (the signal's sender), which pushes
 * `{"method":"notice","params":[callback_id,[change]]}` on its connection; it ends with
 * `cancel_subscribe_callback` or when the connection closes.
 */
export class Subscriptions {
  readonly #byConnection = new Map<Connection, Map<string, () => void>>();

  constructor(private readonly signals: ChangeSignals) {}

  /**
   * Subscribes `connection` to the changes of `eventId` under `callbackId` (replacing a
   * subscription with the same callback id). Returns false when the connection is full.
   */
  subscribe(connection: Connection, callbackId: number | string, eventId: string): boolean {
    let callbacks = this.#byConnection.get(connection);
    if (!callbacks) {
      callbacks = new Map();
      this.#byConnection.set(connection, callbacks);
      connection.onClose(() => this.#dropConnection(connection));
    }
    const key = String(callbackId);
    callbacks.get(key)?.();
    if (callbacks.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) return false;
    const stop = this.signals.connectAll((_eventId, change) => {
      if (!connection.notify(callbackId, change)) this.cancel(connection, callbackId);
    }, eventId);
    callbacks.set(key, stop);
    return true;
  }

  /** Ends one subscription; false when there was none. */
  cancel(connection: Connection, callbackId: number | string): boolean {
    const callbacks = this.#byConnection.get(connection);
    const stop = callbacks?.get(String(callbackId));
    if (!stop) return false;
    stop();
    callbacks?.delete(String(callbackId));
    return true;
  }

  /** Subscriptions held now, over all connections. */
  get size(): number {
    let count = 0;
    for (const callbacks of this.#byConnection.values()) count += callbacks.size;
    return count;
  }

  #dropConnection(connection: Connection): void {
    for (const stop of this.#byConnection.get(connection)?.values() ?? []) stop();
    this.#byConnection.delete(connection);
  }
}

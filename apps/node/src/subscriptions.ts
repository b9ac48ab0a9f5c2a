// WebSocket subscriptions to an event's changes, and the notices they push.
import type { Connection } from '@convene/rpc-core';
import type { ChangeSignals } from './change-signals.js';
import { LimitExceededError } from './errors.js';
import { DEFAULT_LIMITS, type NodeLimits } from './limits.js';
import type { Change, RefetchNotice } from './model.js';

/** One `set_subscribe_callback`: a connection's callback id, following one event. */
interface Subscriber {
  readonly connection: Connection;
  readonly callbackId: number | string;
  readonly eventId: string;
}

/** The subscribers of one event, and what disconnects the event's receivers from the signals. */
interface EventFollowers {
  readonly subscribers: Set<Subscriber>;
  readonly disconnect: () => void;
}

/**
 * The `set_subscribe_callback` subscriptions of WebSocket connections. Each pushes
 * `{"method":"notice","params":[callback_id,[change]]}` on its connection for every change of its
 * event; it ends with `cancel_subscribe_callback` or when the connection closes.
 *
 * Receivers are connected to the change signals once per followed event, not once per
 * subscription, so subscribing and leaving cost the same whatever the number of subscribers.
 * The counts per connection, per remote address and in total are bounded by {@link NodeLimits}.
 */
export class Subscriptions {
  readonly #signals: ChangeSignals;
  readonly #limits: NodeLimits;
  readonly #byEvent = new Map<string, EventFollowers>();
  readonly #byConnection = new Map<Connection, Map<string, Subscriber>>();
  readonly #byAddress = new Map<string, number>();
  #size = 0;

  constructor(signals: ChangeSignals, limits: NodeLimits = DEFAULT_LIMITS) {
    this.#signals = signals;
    this.#limits = limits;
  }

  /**
   * Subscribes `connection` to the changes of `eventId` under `callbackId`, replacing a
   * subscription with the same callback id.
   *
   * @throws {LimitExceededError} when the connection, its address or the node holds the most
   *   subscriptions its limit allows.
   */
  subscribe(connection: Connection, callbackId: number | string, eventId: string): void {
    let callbacks = this.#byConnection.get(connection);
    if (!callbacks) {
      callbacks = new Map();
      this.#byConnection.set(connection, callbacks);
      connection.onClose(() => this.#dropConnection(connection));
    }
    const key = String(callbackId);
    const replaced = callbacks.get(key);
    if (replaced) this.#remove(replaced, callbacks);
    this.#checkRoom(callbacks.size, connection.remoteAddress);
    const subscriber: Subscriber = { connection, callbackId, eventId };
    callbacks.set(key, subscriber);
    this.#followersOf(eventId).subscribers.add(subscriber);
    this.#byAddress.set(
      connection.remoteAddress,
      (this.#byAddress.get(connection.remoteAddress) ?? 0) + 1,
    );
    this.#size++;
  }

  /** Ends one subscription; false when there was none. */
  cancel(connection: Connection, callbackId: number | string): boolean {
    const callbacks = this.#byConnection.get(connection);
    const subscriber = callbacks?.get(String(callbackId));
    if (!callbacks || !subscriber) return false;
    this.#remove(subscriber, callbacks);
    return true;
  }

  /**
   * Tells every subscriber that changes may have been missed (the connection that hears other
   * nodes' changes was lost for a while): a `{"kind":"refetch"}` notice, after which clients
   * read their event again.
   */
  announceGap(): void {
    for (const [eventId, followers] of this.#byEvent) {
      const notice: RefetchNotice = { kind: 'refetch', event_id: eventId };
      for (const subscriber of followers.subscribers) this.#push(subscriber, notice);
    }
  }

  /** Subscriptions held now, over all connections. */
  get size(): number {
    return this.#size;
  }

  /** Events followed now: each has its receivers connected to the change signals once. */
  get followedEvents(): number {
    return this.#byEvent.size;
  }

  #checkRoom(onConnection: number, address: string): void {
    const { maxSubscriptionsPerConnection, maxSubscriptionsPerAddress, maxSubscriptions } =
      this.#limits;
    if (onConnection >= maxSubscriptionsPerConnection) {
      throw new LimitExceededError(
        'maxSubscriptionsPerConnection',
        maxSubscriptionsPerConnection,
        'Too many subscriptions on this connection',
      );
    }
    if ((this.#byAddress.get(address) ?? 0) >= maxSubscriptionsPerAddress) {
      throw new LimitExceededError(
        'maxSubscriptionsPerAddress',
        maxSubscriptionsPerAddress,
        'Too many subscriptions from this address',
      );
    }
    if (this.#size >= maxSubscriptions) {
      throw new LimitExceededError(
        'maxSubscriptions',
        maxSubscriptions,
        'Too many subscriptions on this node',
      );
    }
  }

  #followersOf(eventId: string): EventFollowers {
    let followers = this.#byEvent.get(eventId);
    if (!followers) {
      const subscribers = new Set<Subscriber>();
      const disconnect = this.#signals.connectAll((_eventId, change: Change) => {
        for (const subscriber of subscribers) this.#push(subscriber, change);
      }, eventId);
      followers = { subscribers, disconnect };
      this.#byEvent.set(eventId, followers);
    }
    return followers;
  }

  /** Sends one notice; a connection that cannot take it any more loses the subscription. */
  #push(subscriber: Subscriber, notice: Change | RefetchNotice): void {
    if (subscriber.connection.notify(subscriber.callbackId, notice)) return;
    this.cancel(subscriber.connection, subscriber.callbackId);
  }

  #remove(subscriber: Subscriber, callbacks: Map<string, Subscriber>): void {
    callbacks.delete(String(subscriber.callbackId));
    const followers = this.#byEvent.get(subscriber.eventId);
    if (followers?.subscribers.delete(subscriber) && followers.subscribers.size === 0) {
      followers.disconnect();
      this.#byEvent.delete(subscriber.eventId);
    }
    const address = subscriber.connection.remoteAddress;
    const left = (this.#byAddress.get(address) ?? 1) - 1;
    if (left === 0) this.#byAddress.delete(address);
    else this.#byAddress.set(address, left);
    this.#size--;
  }

  #dropConnection(connection: Connection): void {
    const callbacks = this.#byConnection.get(connection);
    if (!callbacks) return;
    for (const subscriber of [...callbacks.values()]) this.#remove(subscriber, callbacks);
    this.#byConnection.delete(connection);
  }
}

// The receivers of one signal, by sender, and the snapshots that sends iterate.
import { ANY } from './any.js';
import { dispatcherOf } from './dispatch.js';
import { SenderIndex } from './sender-index.js';

/** Any receiver function, whatever its parameters. */
// biome-ignore lint/suspicious/noExplicitAny: receivers of every signature are stored together
export type AnyReceiver = (...args: any[]) => unknown;

/** One receiver and the senders it is connected for. */
export interface Connection<F extends AnyReceiver> {
  /** Position in connection order: receivers are called by ascending `order`. */
  readonly order: number;
  /** The receiver, when held strongly. */
  strong: F | undefined;
  /** The receiver, when held weakly. */
  readonly weak: WeakRef<F> | undefined;
  /** The senders (or `ANY`) this receiver is connected for. */
  readonly senders: Set<unknown>;
  /** Called by one send only, then disconnected; false once also connected without `once`. */
  once: boolean;
  /** Set when a send took a `once` receiver, so that no other snapshot calls it again. */
  spent: boolean;
}

/**
 * The receivers a send calls, frozen at the moment it was taken: later connects and disconnects
 * build a new snapshot and leave this one as it is.
 */
export interface Snapshot<F extends AnyReceiver> {
  /** The connections, in connection order. */
  readonly connections: readonly Connection<F>[];
  /**
   * The same receivers as plain functions, when every one is held strongly and none is a `once`
   * receiver; else undefined, and a send looks at each connection.
   */
  readonly strong: readonly F[] | undefined;
  /** One function calling `strong` in order, when there are some and not too many; see dispatch.ts. */
  readonly dispatch: F | undefined;
}

const EMPTY: Snapshot<never> = Object.freeze({
  connections: Object.freeze([]),
  strong: Object.freeze([]),
  dispatch: undefined,
});

/** The connections of one sender (or of ANY), kept in connection order. */
class Members<F extends AnyReceiver> {
  readonly #set = new Set<Connection<F>>();
  /** False once a connection was added after one with a higher order. */
  #sorted = true;
  #highest = -1;

  get size(): number {
    return this.#set.size;
  }

  add(connection: Connection<F>): void {
    this.#set.add(connection);
    if (connection.order < this.#highest) this.#sorted = false;
    else this.#highest = connection.order;
  }

  /** The connections in connection order; sorts (once) after out-of-order additions. */
  delete(connection: Connection<F>): void {
    this.#set.delete(connection);
  }

  ordered(): Connection<F>[] {
    const list = [...this.#set];
    if (!this.#sorted) {
      list.sort((a, b) => a.order - b.order);
      this.#set.clear();
      for (const connection of list) this.#set.add(connection);
      this.#sorted = true;
    }
    return list;
  }
}

/**
 * The receivers of one signal, indexed by sender so that finding the receivers of a send costs
 * O(receivers of that sender + receivers of ANY), whatever the number of other senders.
 *
 * Connecting and disconnecting touch a set and drop a cached snapshot, O(1) each; the snapshot a
 * send iterates is rebuilt on the next send, at a cost no greater than that send's own calls.
 * Snapshots handed out are never mutated, so a send sees the receivers as they were when it
 * began, whatever its receivers connect or disconnect meanwhile.
 */
export class Receivers<F extends AnyReceiver> {
  #nextOrder = 0;
  readonly #byReceiver = new WeakMap<F, Connection<F>>();
  readonly #any = new Members<F>();
  #anySnapshot: Snapshot<F> | undefined = EMPTY;
  readonly #bySender = new SenderIndex<Members<F>>();
  /** How many senders (other than ANY) have receivers of their own. */
  #senders = 0;
  /** Per sender with receivers of its own, its receivers merged with those of ANY. */
  readonly #snapshots = new SenderIndex<Snapshot<F>>();
  readonly #collected = new FinalizationRegistry<Connection<F>>((connection) =>
    this.#forget(connection),
  );

  /**
   * Connects `receiver` for `sender`. Returns false when that connection existed already.
   * A receiver connected strongly once stays strong; connected without `once`, it stays connected.
   */
  add(receiver: F, sender: unknown, weak: boolean, once: boolean): boolean {
    let connection = this.#byReceiver.get(receiver);
    if (connection === undefined) {
      connection = {
        order: this.#nextOrder++,
        strong: weak ? undefined : receiver,
        weak: weak ? new WeakRef(receiver) : undefined,
        senders: new Set(),
        once,
        spent: false,
      };
      this.#byReceiver.set(receiver, connection);
      if (weak) this.#collected.register(receiver, connection, connection);
    } else {
      if (!weak && connection.strong === undefined) connection.strong = receiver;
      if (!once) connection.once = false;
    }
    if (connection.senders.has(sender)) return false;
    connection.senders.add(sender);
    this.#link(connection, sender);
    return true;
  }

  /** Removes the connection of `receiver` for `sender` alone. Returns false when there was none. */
  remove(receiver: F, sender: unknown): boolean {
    const connection = this.#byReceiver.get(receiver);
    if (connection === undefined || !connection.senders.delete(sender)) return false;
    this.#unlink(connection, sender);
    if (connection.senders.size === 0) this.#release(receiver, connection);
    return true;
  }

  /** Removes `receiver` from every sender. Returns false when it was not connected. */
  removeAll(receiver: F): boolean {
    const connection = this.#byReceiver.get(receiver);
    if (connection === undefined) return false;
    this.#forget(connection);
    this.#release(receiver, connection);
    return true;
  }

  /** Whether `receiver` is connected for exactly `sender` (or `ANY`). */
  has(receiver: F, sender: unknown): boolean {
    return this.#byReceiver.get(receiver)?.senders.has(sender) ?? false;
  }

  /** The receivers a send from `sender` calls, in connection order. The hot path. */
  snapshotFor(sender: unknown): Snapshot<F> {
    if (this.#senders === 0) return this.#anySnapshot ?? this.#buildAny();
    return this.#snapshots.get(sender) ?? this.#build(sender);
  }

  #buildAny(): Snapshot<F> {
    const built = snapshotOf(this.#any.ordered());
    this.#anySnapshot = built;
    return built;
  }

  #build(sender: unknown): Snapshot<F> {
    const any = this.#anySnapshot ?? this.#buildAny();
    const own = this.#bySender.get(sender);
    if (own === undefined) return any;
    const built = snapshotOf(mergeInOrder(any.connections, own.ordered()));
    this.#snapshots.set(sender, built);
    return built;
  }

  #link(connection: Connection<F>, sender: unknown): void {
    if (sender === ANY) {
      this.#any.add(connection);
      this.#anyChanged();
      return;
    }
    let own = this.#bySender.get(sender);
    if (own === undefined) {
      own = new Members();
      this.#bySender.set(sender, own);
      this.#senders++;
    }
    own.add(connection);
    this.#snapshots.delete(sender);
  }

  #unlink(connection: Connection<F>, sender: unknown): void {
    if (sender === ANY) {
      this.#any.delete(connection);
      this.#anyChanged();
      return;
    }
    const own = this.#bySender.get(sender);
    if (own === undefined) return;
    own.delete(connection);
    if (own.size === 0) {
      this.#bySender.delete(sender);
      this.#senders--;
    }
    this.#snapshots.delete(sender);
  }

  /** Every merged snapshot holds the receivers of ANY: drop them all. */
  #anyChanged(): void {
    this.#anySnapshot = undefined;
    if (this.#snapshots.size !== 0) this.#snapshots.clear();
  }

  /** Unlinks a connection from every sender; used on disconnect and when a weak receiver is collected. */
  #forget(connection: Connection<F>): void {
    for (const sender of connection.senders) this.#unlink(connection, sender);
    connection.senders.clear();
  }

  #release(receiver: F, connection: Connection<F>): void {
    this.#byReceiver.delete(receiver);
    if (connection.weak !== undefined) this.#collected.unregister(connection);
  }
}

function snapshotOf<F extends AnyReceiver>(connections: readonly Connection<F>[]): Snapshot<F> {
  const strong: F[] = [];
  for (const connection of connections) {
    if (connection.strong === undefined || connection.once) {
      return { connections, strong: undefined, dispatch: undefined };
    }
    strong.push(connection.strong);
  }
  return { connections, strong, dispatch: dispatcherOf(strong) };
}

/** Merges two lists sorted by order; a connection in both (ANY and this sender) appears once. */
function mergeInOrder<F extends AnyReceiver>(
  a: readonly Connection<F>[],
  b: readonly Connection<F>[],
): readonly Connection<F>[] {
  if (a.length === 0) return b;
  const out: Connection<F>[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.order < y.order)) {
      out.push(x as Connection<F>);
      i++;
    } else if (x === undefined || y.order < x.order) {
      out.push(y);
      j++;
    } else {
      out.push(x);
      i++;
      j++;
    }
  }
  return out;
}

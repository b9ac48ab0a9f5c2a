import { ANY } from './any.js';
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
}

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * The receivers of one signal, indexed by sender so that finding the receivers of a send costs
 * O(receivers of that sender + receivers of ANY), whatever the number of other senders.
 *
 * Lists handed out are never mutated: a change builds new ones. A send that iterates a list
 * therefore sees the receivers as they were when it began, whatever its receivers connect or
 * disconnect meanwhile.
 */
export class ReceiverRegistry<F extends AnyReceiver> {
  #nextOrder = 0;
  readonly #byReceiver = new WeakMap<F, Connection<F>>();
  #any: readonly Connection<F>[] = EMPTY;
  readonly #bySender = new SenderIndex<readonly Connection<F>[]>();
  /** Per sender, its own receivers merged with those of ANY, built on first use. */
  readonly #merged = new SenderIndex<readonly Connection<F>[]>();
  readonly #collected = new FinalizationRegistry<Connection<F>>((connection) =>
    this.#forget(connection),
  );

  /**
   * Connects `receiver` for `sender`. Returns false when that connection existed already.
   * A receiver connected strongly once stays strong.
   */
  add(receiver: F, sender: unknown, weak: boolean): boolean {
    let connection = this.#byReceiver.get(receiver);
    if (connection === undefined) {
      connection = {
        order: this.#nextOrder++,
        strong: weak ? undefined : receiver,
        weak: weak ? new WeakRef(receiver) : undefined,
        senders: new Set(),
      };
      this.#byReceiver.set(receiver, connection);
      if (weak) this.#collected.register(receiver, connection, connection);
    } else if (!weak) {
      connection.strong = receiver;
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

  /** The connections a send from `sender` calls, in connection order. The hot path. */
  listFor(sender: unknown): readonly Connection<F>[] {
    if (this.#any.length === 0) return this.#bySender.get(sender) ?? EMPTY;
    if (this.#bySender.size === 0) return this.#any;
    const merged = this.#merged.get(sender);
    if (merged !== undefined) return merged;
    const own = this.#bySender.get(sender);
    if (own === undefined) return this.#any;
    const built = mergeInOrder(this.#any, own);
    this.#merged.set(sender, built);
    return built;
  }

  #link(connection: Connection<F>, sender: unknown): void {
    if (sender === ANY) {
      this.#any = insertInOrder(this.#any, connection);
      this.#merged.clear();
    } else {
      this.#bySender.set(sender, insertInOrder(this.#bySender.get(sender) ?? EMPTY, connection));
      this.#merged.delete(sender);
    }
  }

  #unlink(connection: Connection<F>, sender: unknown): void {
    if (sender === ANY) {
      this.#any = this.#any.filter((other) => other !== connection);
      this.#merged.clear();
      return;
    }
    const remaining = (this.#bySender.get(sender) ?? EMPTY).filter((other) => other !== connection);
    if (remaining.length === 0) this.#bySender.delete(sender);
    else this.#bySender.set(sender, remaining);
    this.#merged.delete(sender);
  }

  /** Unlinks a connection from every list; used on disconnect and when a weak receiver is collected. */
  #forget(connection: Connection<F>): void {
    for (const sender of connection.senders) this.#unlink(connection, sender);
    connection.senders.clear();
  }

  #release(receiver: F, connection: Connection<F>): void {
    this.#byReceiver.delete(receiver);
    if (connection.weak !== undefined) this.#collected.unregister(connection);
  }
}

function insertInOrder<F extends AnyReceiver>(
  list: readonly Connection<F>[],
  connection: Connection<F>,
): readonly Connection<F>[] {
  const at = list.findIndex((other) => other.order > connection.order);
  return at === -1 ? [...list, connection] : [...list.slice(0, at), connection, ...list.slice(at)];
}

/** Merges two lists sorted by order; a connection in both (ANY and this sender) appears once. */
function mergeInOrder<F extends AnyReceiver>(
  a: readonly Connection<F>[],
  b: readonly Connection<F>[],
): readonly Connection<F>[] {
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

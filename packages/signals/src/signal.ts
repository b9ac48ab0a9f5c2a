// The signal: connecting receivers, sending to them, muting them, and its meta-signals.
import { ANY } from './any.js';
import { SignalArgumentError } from './errors.js';
import { type AnyReceiver, type Connection, Receivers, type Snapshot } from './receivers.js';
import { MuteSwitch, scoped } from './scoped.js';
import { type NextSend, Waiters } from './waiters.js';

/**
 * A function called on each matching send with the sender and the payload. Its return value is
 * collected by {@link Signal.send}. A receiver declared for fewer payload fields than the signal
 * sends type-checks, so adding a field to a payload breaks no receiver.
 */
export type Receiver<P extends object = Record<string, unknown>, S = unknown, R = unknown> = (
  sender: S,
  payload: P,
) => R;

/** Options of {@link Signal.connect}. */
export interface ConnectOptions<S = unknown> {
  /** Only sends from this sender reach the receiver. Default {@link ANY}: every sender. */
  sender?: S | typeof ANY;
  /**
   * Hold the receiver by a weak reference: it disappears once nothing else holds it.
   * Default false (unlike blinker): an inline arrow function would otherwise vanish at once.
   */
  weak?: boolean;
}

/** The pairs `[receiver, result]` returned by a send, in the order receivers were called. */
export type SendResults<P extends object, S, R> = [Receiver<P, S, R>, R][];

/** What a send with `collectErrors: true` returns: results and errors side by side. */
export interface SendOutcome<P extends object, S, R> {
  /** `[receiver, result]` for each receiver that returned. */
  results: SendResults<P, S, R>;
  /** `[receiver, error]` for each receiver that threw (or rejected), in call order. */
  errors: [Receiver<P, S, R>, unknown][];
}

/** Options of {@link Signal.sendAsync}. */
export interface SendAsyncOptions {
  /** Start every receiver at once and await them together. Default false: one after another. */
  concurrent?: boolean;
  /** Call every receiver even when some fail, and return the failures beside the results. */
  collectErrors?: boolean;
}

/** Options of {@link Signal.next}. */
export interface NextOptions<S = unknown> {
  /** Wait for a send from this sender only. Default {@link ANY}: the next send from anyone. */
  sender?: S | typeof ANY;
  /** Stops waiting when aborted: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

export type { NextSend } from './waiters.js';

/** Payload of the meta-signal {@link Signal.receiverConnected}. */
export interface ReceiverConnected {
  receiver: AnyReceiver;
  sender: unknown;
  weak: boolean;
}

/** Payload of the meta-signal {@link Signal.receiverDisconnected}; `sender` is ANY for all. */
export interface ReceiverDisconnected {
  receiver: AnyReceiver;
  sender: unknown;
}

/** Options of the {@link Signal} constructor. */
export interface SignalOptions {
  /** The signal's name, as given to `namespace.signal(name)`. */
  name?: string;
  /** What the signal means, for readers and tools. */
  doc?: string;
  /**
   * A switch that also mutes this signal while its `isMuted` is true. A {@link Namespace} passes
   * its own, so that muting the namespace mutes its signals.
   */
  mutedWith?: MuteState;
}

/** Anything that can say whether it mutes signals now, such as a {@link Namespace}. */
export interface MuteState {
  readonly isMuted: boolean;
}

/**
 * A signal: receivers connect to it, for every sender or for one, and a send calls them in the
 * order they connected. Senders match by value when they are strings, numbers and other
 * primitives, and by identity when they are objects.
 *
 * @typeParam P the payload: one object, passed to receivers as it is.
 * @typeParam S the sender.
 * @typeParam R what receivers return.
 */
export class Signal<P extends object = Record<string, unknown>, S = unknown, R = unknown> {
  /** The name given by the namespace, if any. */
  readonly name: string | undefined;
  /** What the signal means. */
  readonly doc: string | undefined;
  readonly #receivers = new Receivers<Receiver<P, S, R>>();
  readonly #mutedWith: MuteState | undefined;
  readonly #mute = new MuteSwitch();
  #connected: Signal<ReceiverConnected, Signal<P, S, R>> | undefined;
  #disconnected: Signal<ReceiverDisconnected, Signal<P, S, R>> | undefined;
  #waiters: Waiters<P, S> | undefined;

  constructor(options: SignalOptions = {}) {
    this.name = options.name;
    this.doc = options.doc;
    this.#mutedWith = options.mutedWith;
  }

  /**
   * Sent by this signal (as sender) after a receiver connects, with `{ receiver, sender, weak }`.
   * When one of its receivers throws, the connection is undone and the error propagates.
   */
  get receiverConnected(): Signal<ReceiverConnected, Signal<P, S, R>> {
    this.#connected ??= new Signal({ name: `${this.name ?? 'signal'}.receiverConnected` });
    return this.#connected;
  }

  /**
   * Sent by this signal after an explicit disconnect, with `{ receiver, sender }` (`sender` is
   * ANY when the receiver left every sender). Not sent when a weak receiver is collected.
   */
  get receiverDisconnected(): Signal<ReceiverDisconnected, Signal<P, S, R>> {
    this.#disconnected ??= new Signal({ name: `${this.name ?? 'signal'}.receiverDisconnected` });
    return this.#disconnected;
  }

  /** Whether sends are switched off now, by this signal's `muted` or its namespace's. */
  get isMuted(): boolean {
    return this.#mute.isMuted || this.#mutedWith?.isMuted === true;
  }

  /**
   * Connects `receiver` for `options.sender` (default every sender) and returns a function that
   * removes this connection again. Connecting the same receiver twice for the same sender keeps
   * one connection; connected for several senders, it is still called once per send.
   *
   * @throws {SignalArgumentError} when `receiver` is not a function.
   */
  connect(receiver: Receiver<P, S, R>, options: ConnectOptions<S> = {}): () => void {
    return this.#connect(receiver, options, false);
  }

  #connect(receiver: Receiver<P, S, R>, options: ConnectOptions<S>, once: boolean): () => void {
    if (typeof receiver !== 'function') {
      throw new SignalArgumentError(
        'ERR_INVALID_RECEIVER',
        `${this.#label()}: ${once ? 'once' : 'connect'} expects a receiver function, got ${typeof receiver}`,
      );
    }
    const sender = senderKey(options.sender);
    const weak = options.weak ?? false;
    if (this.#receivers.add(receiver, sender, weak, once) && this.#connected !== undefined) {
      try {
        this.#connected.send(this, { receiver, sender, weak });
      } catch (error) {
        this.#receivers.remove(receiver, sender);
        throw error;
      }
    }
    return () => this.#disconnectFrom(receiver, sender);
  }

  /**
   * Returns a function that connects what it is given for `sender` and returns it unchanged
   * (blinker's `connect_via`), handy for declaring receivers next to the code they serve.
   */
  connectVia(sender: S | typeof ANY): <F extends Receiver<P, S, R>>(receiver: F) => F {
    return (receiver) => {
      this.connect(receiver, { sender });
      return receiver;
    };
  }

  /**
   * Removes `receiver` for `sender`, or from every sender when `sender` is ANY (the default).
   * Disconnecting a receiver that is not connected does nothing.
   */
  disconnect(receiver: Receiver<P, S, R>, sender: S | typeof ANY = ANY): void {
    if (sender === ANY) {
      if (this.#receivers.removeAll(receiver)) this.#announceDisconnect(receiver, ANY);
    } else {
      this.#disconnectFrom(receiver, sender);
    }
  }

  /**
   * Connects `receiver` for `sender` while `fn` runs (until its promise settles, when it returns
   * one), then removes that connection, also when `fn` throws. A connection that existed before
   * is left as it was.
   */
  connectedTo<T>(receiver: Receiver<P, S, R>, sender: S | typeof ANY, fn: () => T): T {
    const existed = this.#receivers.has(receiver, senderKey(sender));
    let disconnect = () => {};
    return scoped(
      () => {
        const added = this.connect(receiver, { sender });
        if (!existed) disconnect = added;
      },
      () => disconnect(),
      fn,
    );
  }

  /**
   * Calls the receivers connected for `sender` and for ANY, in connection order, each with
   * `(sender, payload)`, and returns `[receiver, result]` pairs. A receiver that throws stops the
   * send and the error reaches the caller (blinker's behaviour), unless `collectErrors` is set:
   * then every receiver is called and failures are returned beside the results. Returns no
   * pairs while muted. Async receivers' promises are returned as results: use
   * {@link Signal.sendAsync} to await them.
   */
  send(sender: S, payload: P): SendResults<P, S, R>;
  send(sender: S, payload: P, options: { collectErrors: true }): SendOutcome<P, S, R>;
  send(
    sender: S,
    payload: P,
    options?: { collectErrors?: boolean },
  ): SendResults<P, S, R> | SendOutcome<P, S, R> {
    const results: SendResults<P, S, R> = [];
    if (this.isMuted) return options?.collectErrors === true ? { results, errors: [] } : results;
    this.#waiters?.wake(sender, payload);
    const snapshot = this.#receivers.snapshotFor(sender);
    if (options?.collectErrors !== true) {
      const strong = snapshot.strong;
      if (strong !== undefined) {
        for (let i = 0; i < strong.length; i++) {
          const receiver = strong[i] as Receiver<P, S, R>;
          results.push([receiver, receiver(sender, payload)]);
        }
        return results;
      }
      for (const connection of snapshot.connections) {
        const receiver = this.#take(connection);
        if (receiver !== undefined) results.push([receiver, receiver(sender, payload)]);
      }
      return results;
    }
    const errors: SendOutcome<P, S, R>['errors'] = [];
    for (const connection of snapshot.connections) {
      const receiver = this.#take(connection);
      if (receiver === undefined) continue;
      try {
        results.push([receiver, receiver(sender, payload)]);
      } catch (error) {
        errors.push([receiver, error]);
      }
    }
    return { results, errors };
  }

  /**
   * The same dispatch as {@link Signal.send}, with no results collected: the fast path for
   * receivers whose return value nobody reads. A throwing receiver stops it, as in `send`.
   */
  emit(sender: S, payload: P): void {
    if (this.isMuted) return;
    this.#waiters?.wake(sender, payload);
    const snapshot = this.#receivers.snapshotFor(sender);
    const dispatch = snapshot.dispatch;
    if (dispatch !== undefined) {
      dispatch(sender, payload);
      return;
    }
    const strong = snapshot.strong;
    if (strong !== undefined) {
      for (let i = 0; i < strong.length; i++) (strong[i] as Receiver<P, S, R>)(sender, payload);
      return;
    }
    for (const connection of snapshot.connections) this.#take(connection)?.(sender, payload);
  }

  /**
   * Like {@link Signal.send}, awaiting what each receiver returns: one after another by default,
   * all at once with `concurrent: true`. Sync receivers are welcome too. Without
   * `collectErrors`, the first failure rejects the returned promise (with `concurrent`, the
   * other receivers have started and run to their end regardless).
   */
  sendAsync(
    sender: S,
    payload: P,
    options?: SendAsyncOptions & { collectErrors?: false },
  ): Promise<SendResults<P, S, Awaited<R>>>;
  sendAsync(
    sender: S,
    payload: P,
    options: SendAsyncOptions & { collectErrors: true },
  ): Promise<SendOutcome<P, S, Awaited<R>>>;
  async sendAsync(
    sender: S,
    payload: P,
    options: SendAsyncOptions = {},
  ): Promise<SendResults<P, S, Awaited<R>> | SendOutcome<P, S, Awaited<R>>> {
    type Settled = Receiver<P, S, Awaited<R>>;
    const results: [Settled, Awaited<R>][] = [];
    const errors: [Settled, unknown][] = [];
    if (!this.isMuted) {
      this.#waiters?.wake(sender, payload);
      const { connections } = this.#receivers.snapshotFor(sender);
      if (options.concurrent) {
        const called: [Settled, Promise<Awaited<R>>][] = [];
        for (const connection of connections) {
          const receiver = this.#take(connection) as Settled | undefined;
          if (receiver !== undefined) called.push([receiver, callAsync(receiver, sender, payload)]);
        }
        const settled = await Promise.allSettled(called.map(([, pending]) => pending));
        settled.forEach((outcome, i) => {
          const receiver = (called[i] as [Settled, unknown])[0];
          if (outcome.status === 'fulfilled') results.push([receiver, outcome.value]);
          else errors.push([receiver, outcome.reason]);
        });
      } else {
        for (const connection of connections) {
          const receiver = this.#take(connection) as Settled | undefined;
          if (receiver === undefined) continue;
          try {
            results.push([receiver, await receiver(sender, payload)]);
          } catch (error) {
            errors.push([receiver, error]);
            if (!options.collectErrors) break;
          }
        }
      }
    }
    if (options.collectErrors) return { results, errors };
    const firstError = errors[0];
    if (firstError !== undefined) throw firstError[1];
    return results;
  }

  /**
   * Connects `receiver` for the next matching send only: that send disconnects it (announced by
   * {@link Signal.receiverDisconnected}) before calling it. Returns a function that disconnects it
   * earlier. Connected also without `once`, by `connect`, the receiver stays.
   *
   * @throws {SignalArgumentError} when `receiver` is not a function.
   */
  once(receiver: Receiver<P, S, R>, options: ConnectOptions<S> = {}): () => void {
    return this.#connect(receiver, options, true);
  }

  /**
   * A promise for the next send from `options.sender` (default every sender), resolved with its
   * sender and payload when that send begins. Sends while muted do not count. Aborting
   * `options.signal` rejects the promise with the abort reason and stops the wait.
   *
   * @throws {SignalArgumentError} when `options.signal` is not an AbortSignal.
   */
  next(options: NextOptions<S> = {}): Promise<NextSend<P, S>> {
    const abort = options.signal;
    if (abort !== undefined && !(abort instanceof AbortSignal)) {
      throw new SignalArgumentError(
        'ERR_INVALID_OPTION',
        `${this.#label()}: next expects options.signal to be an AbortSignal, got ${typeof abort}`,
      );
    }
    this.#waiters ??= new Waiters();
    return this.#waiters.wait(senderKey(options.sender), abort);
  }

  /** Whether a send from `sender` would call any receiver (exact: disconnected ones do not count). */
  hasReceiversFor(sender: S): boolean {
    return !live(this.#receivers.snapshotFor(sender)).next().done;
  }

  /** The receivers a send from `sender` would call, in the order it would call them. */
  receiversFor(sender: S): Receiver<P, S, R>[] {
    return [...live(this.#receivers.snapshotFor(sender))];
  }

  /**
   * Runs `fn` with this signal's receivers switched off (sends return no pairs), and switches
   * them on again when `fn` returns, throws, or its promise settles. Mutes nest. While muted,
   * sends from anywhere are silenced, including other async work running meanwhile.
   */
  muted<T>(fn: () => T): T {
    return this.#mute.run(fn);
  }

  /**
   * The receiver of a connection if this send calls it: alive, and not a `once` receiver that a
   * send took already. Taking a `once` receiver disconnects it.
   */
  #take(connection: Connection<Receiver<P, S, R>>): Receiver<P, S, R> | undefined {
    const receiver = connection.strong ?? connection.weak?.deref();
    if (receiver === undefined || !connection.once) return receiver;
    if (connection.spent) return undefined;
    connection.spent = true;
    this.disconnect(receiver);
    return receiver;
  }

  #disconnectFrom(receiver: Receiver<P, S, R>, sender: unknown): void {
    if (this.#receivers.remove(receiver, sender)) this.#announceDisconnect(receiver, sender);
  }

  #announceDisconnect(receiver: Receiver<P, S, R>, sender: unknown): void {
    this.#disconnected?.send(this, { receiver, sender });
  }

  #label(): string {
    return this.name === undefined ? 'signal' : `signal '${this.name}'`;
  }
}

/** The sender a connection is kept under: `undefined` stands for ANY. */
function senderKey(sender: unknown): unknown {
  return sender === undefined ? ANY : sender;
}

/** The receivers of a snapshot that are still alive, in order. */
function* live<F extends AnyReceiver>(snapshot: Snapshot<F>): Generator<F> {
  if (snapshot.strong !== undefined) {
    yield* snapshot.strong;
    return;
  }
  for (const connection of snapshot.connections) {
    const receiver = connection.strong ?? connection.weak?.deref();
    if (receiver !== undefined && !connection.spent) yield receiver;
  }
}

/** Calls a receiver and returns its result as a promise, a synchronous throw as a rejection. */
async function callAsync<S, P extends object, T>(
  receiver: Receiver<P, S, T>,
  sender: S,
  payload: P,
): Promise<Awaited<T>> {
  return await receiver(sender, payload);
}

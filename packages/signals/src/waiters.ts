// Promises waiting for a signal's next send, indexed by the sender they wait for.
import { ANY } from './any.js';
import { SenderIndex } from './sender-index.js';

/** What {@link Signal.next} resolves to: the sender and payload of the send that came. */
export interface NextSend<P, S> {
  sender: S;
  payload: P;
}

interface Waiter<P, S> {
  resolve(send: NextSend<P, S>): void;
  /** Stops listening to the abort signal, if there is one. */
  release(): void;
}

/**
 * The pending `next()` promises of one signal. A send settles those waiting for its sender and
 * for ANY, at O(1) cost per waiter; a send with nobody waiting costs one comparison.
 */
export class Waiters<P, S> {
  readonly #bySender = new SenderIndex<Set<Waiter<P, S>>>();
  #count = 0;

  /** A promise for the next send from `sender` (or ANY); rejects with the reason when `abort` fires. */
  wait(sender: unknown, abort: AbortSignal | undefined): Promise<NextSend<P, S>> {
    if (abort?.aborted) return Promise.reject(abort.reason);
    return new Promise((resolve, reject) => {
      let waiting = this.#bySender.get(sender);
      if (waiting === undefined) {
        waiting = new Set();
        this.#bySender.set(sender, waiting);
      }
      const group = waiting;
      const onAbort = () => {
        if (group.delete(waiter)) this.#count--;
        if (group.size === 0 && this.#bySender.get(sender) === group) this.#bySender.delete(sender);
        reject(abort?.reason);
      };
      const waiter: Waiter<P, S> = {
        resolve,
        release: () => abort?.removeEventListener('abort', onAbort),
      };
      group.add(waiter);
      this.#count++;
      abort?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Resolves every promise waiting for `sender` or for ANY with this send. */
  wake(sender: S, payload: P): void {
    if (this.#count === 0) return;
    this.#settle(ANY, sender, payload);
    this.#settle(sender, sender, payload);
  }

  #settle(key: unknown, sender: S, payload: P): void {
    const group = this.#bySender.get(key);
    if (group === undefined) return;
    this.#bySender.delete(key);
    this.#count -= group.size;
    for (const waiter of group) {
      waiter.release();
      waiter.resolve({ sender, payload });
    }
  }
}

// Keeping authorization transactions between redirect and callback, each usable once.
import { type Limits, resolveLimits } from '../limits.js';
import type { Clock } from '../random.js';
import type { AuthorizationTransaction } from './authorization.js';

/**
 * Where transactions wait for their callback. `take` removes what it returns, which makes
 * `state` one-time (RFC 9700 §4.7). A server implements it over its own storage.
 */
export interface TransactionStore {
  put(transaction: AuthorizationTransaction): void | Promise<void>;
  /** The transaction stored under `state`, removed; undefined when absent or already taken. */
  take(
    state: string,
  ): AuthorizationTransaction | undefined | Promise<AuthorizationTransaction | undefined>;
}

/**
 * A {@link TransactionStore} in memory, for one process: at most `limits.maxTransactions`
 * (the oldest evicted first), each dropped after `limits.transactionTtlMs`.
 */
export class MemoryTransactionStore implements TransactionStore {
  readonly #transactions = new Map<string, AuthorizationTransaction>();
  readonly #limits: Limits;
  readonly #clock: Clock;

  /** @throws {RangeError} when a limit is not a positive number. */
  constructor(options: { limits?: Partial<Limits>; clock?: Clock } = {}) {
    this.#limits = resolveLimits(options.limits);
    this.#clock = options.clock ?? Date.now;
  }

  /** How many transactions are waiting. */
  get size(): number {
    return this.#transactions.size;
  }

  /** Stores `transaction` under its `state`. */
  put(transaction: AuthorizationTransaction): void {
    this.#transactions.delete(transaction.state);
    this.#transactions.set(transaction.state, transaction);
    for (const [state, waiting] of this.#transactions) {
      if (
        this.#transactions.size <= this.#limits.maxTransactions &&
        this.#clock() - waiting.createdAt <= this.#limits.transactionTtlMs
      )
        break;
      this.#transactions.delete(state);
    }
  }

  /** Removes and returns the transaction of `state`, unless absent or expired. */
  take(state: string): AuthorizationTransaction | undefined {
    const transaction = this.#transactions.get(state);
    if (transaction === undefined) return undefined;
    this.#transactions.delete(state);
    return this.#clock() - transaction.createdAt > this.#limits.transactionTtlMs
      ? undefined
      : transaction;
  }
}

// The bounds this package puts on what comes from servers and callers: sizes, times, counts.
import { LimitExceededError } from './errors.js';

/** Every bound, with its default. Sizes in bytes, times in milliseconds. */
export interface Limits {
  /** Largest response body read from a server; past it the read stops with `LimitExceededError`. Default 256 KiB. */
  readonly maxResponseBytes: number;
  /** A request whose response has not fully arrived after this fails with `ERR_TIMEOUT`. Default 10,000. */
  readonly timeoutMs: number;
  /** An authorization transaction older than this is refused at the callback (`ERR_TRANSACTION_EXPIRED`). Default 600,000 (10 min). */
  readonly transactionTtlMs: number;
  /** Most transactions a {@link MemoryTransactionStore} holds; adding one more evicts the oldest. Default 10,000. */
  readonly maxTransactions: number;
  /** Longest callback URL or query accepted, in characters; longer is `LimitExceededError`. Default 8,192. */
  readonly maxCallbackLength: number;
}

/** The defaults of {@link Limits}. */
export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxResponseBytes: 256 * 1024,
  timeoutMs: 10_000,
  transactionTtlMs: 600_000,
  maxTransactions: 10_000,
  maxCallbackLength: 8_192,
});

/**
 * The defaults overlaid with the caller's choices.
 * @throws {RangeError} when a limit is not a positive number.
 */
export function resolveLimits(limits: Partial<Limits> | undefined): Limits {
  if (limits === undefined) return DEFAULT_LIMITS;
  const resolved = { ...DEFAULT_LIMITS, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value !== 'number' || !(value > 0))
      throw new RangeError(`limits.${name} must be a positive number, got ${String(value)}`);
  }
  return Object.freeze(resolved);
}

/**
 * Throws when `size` is over the limit `name` of `limits`.
 * @throws {LimitExceededError}
 */
export function checkLimit(limits: Limits, name: keyof Limits, size: number, what: string): void {
  if (size > limits[name])
    throw new LimitExceededError(name, `${what} is ${size}, over limits.${name} (${limits[name]})`);
}

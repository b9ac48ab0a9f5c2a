// Failed-login throttling, in memory: per user name at one address and per address, exponential
// backoff with a cap. Attempts are refused while throttled without looking at the password, so a
// guesser learns nothing during the wait; nothing is counted per user name alone, so a guesser who
// knows a name cannot lock its owner out from another address.
import { isIPv6 } from 'node:net';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeBase64 } from './base64.js';
import { LoginThrottledError } from './errors.js';

/** Options of the login throttle; every field has a default. */
export interface ThrottleOptions {
  /** Failures of one user name at one address allowed without delay. Default 5. */
  readonly freeFailures?: number;
  /**
   * Failures from one address (all user names together) allowed without delay. Default 20, so
   * that a guesser trying many names is slowed down too, and a few people mistyping behind one
   * NAT address are not.
   */
  readonly addressFreeFailures?: number;
  /** Delay after the first failure beyond the free ones; doubles with each further failure. Default 1000 ms. */
  readonly baseDelayMs?: number;
  /** Cap of the delay. Default 60,000 ms. */
  readonly maxDelayMs?: number;
  /** A key with no failure for this long starts again from zero. Default 15 minutes. */
  readonly forgetAfterMs?: number;
  /** Most keys remembered; the least recently used idle ones are forgotten first. Default 10,000. */
  readonly maxTracked?: number;
  /** Most verifications in flight at once per key (hashes cost CPU). Default 8. */
  readonly maxPending?: number;
  /** Milliseconds now; inject a fake clock in tests. Default `Date.now`. */
  readonly clock?: () => number;
}

interface KeyState {
  /** Failures allowed without delay: `freeFailures` or `addressFreeFailures`. */
  readonly free: number;
  failures: number;
  pending: number;
  /** Attempts are refused until this time. */
  until: number;
  lastFailure: number;
}

const DEFAULTS = {
  freeFailures: 5,
  addressFreeFailures: 20,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  forgetAfterMs: 15 * 60_000,
  maxTracked: 10_000,
  maxPending: 8,
} as const;

/** A claim on the throttle for one login attempt; settle it exactly once. */
export interface Attempt {
  succeeded(): void;
  failed(): void;
}

/** Throttles failed logins per key: a user name at an address, and an address (see {@link addressKey}). */
export class LoginThrottle {
  readonly #options: Required<Omit<ThrottleOptions, 'clock'>>;
  readonly #clock: () => number;
  readonly #keys = new Map<string, KeyState>();

  /** @throws {RangeError} when an option is not a finite number in its range. */
  constructor(options: ThrottleOptions = {}) {
    const merged = { ...DEFAULTS, ...withoutUndefined(options) };
    for (const [name, value] of Object.entries(merged)) {
      // Counts of keys and attempts must allow at least one; durations and failures may be 0.
      const min = name === 'maxTracked' || name === 'maxPending' ? 1 : 0;
      if (!(typeof value === 'number' && Number.isFinite(value) && value >= min))
        throw new RangeError(`throttle.${name} must be a finite number >= ${min}`);
    }
    this.#options = merged;
    this.#clock = options.clock ?? Date.now;
  }

  /**
   * Starts an attempt for `userKey` (a user name at an address) and `addressKey` (the address).
   *
   * @throws {LoginThrottledError} when either key is throttled.
   */
  begin(userKey: string, addressKey?: string): Attempt {
    const { freeFailures, addressFreeFailures } = this.#options;
    const keys: [string, number][] = [[userKey, freeFailures]];
    if (addressKey !== undefined) keys.push([addressKey, addressFreeFailures]);
    const now = this.#clock();
    const wait = Math.max(...keys.map(([key]) => this.#waitFor(key, now)));
    if (wait > 0) throw new LoginThrottledError(wait);
    const states = keys.map(([key, free]) => this.#touch(key, free, now));
    for (const state of states) state.pending += 1;
    let settled = false;
    const settle = (outcome: (state: KeyState, key: string) => void) => {
      if (settled) return;
      settled = true;
      states.forEach((state, i) => {
        state.pending -= 1;
        outcome(state, keys[i]?.[0] as string);
      });
    };
    return {
      succeeded: () =>
        settle((state, key) => {
          // Success clears the user's record at this address; the address keeps its count until
          // forgotten, so one valid account cannot reset the counter of a guesser at that address.
          if (key === userKey && state.pending === 0) this.#keys.delete(key);
        }),
      failed: () => settle((state) => this.#recordFailure(state)),
    };
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  #waitFor(key: string, now: number): number {
    const state = this.#live(key, now);
    if (state === undefined) return 0;
    if (now < state.until) return state.until - now;
    const { maxPending, baseDelayMs } = this.#options;
    // Past the free failures, one attempt at a time; before, at most maxPending at once.
    const limit = state.failures >= state.free ? 1 : maxPending;
    return state.pending >= limit ? Math.max(1, baseDelayMs) : 0;
  }

  #recordFailure(state: KeyState): void {
    const now = this.#clock();
    const { baseDelayMs, maxDelayMs } = this.#options;
    state.failures += 1;
    state.lastFailure = now;
    const beyond = state.failures - state.free;
    if (beyond > 0) state.until = now + Math.min(maxDelayMs, baseDelayMs * 2 ** (beyond - 1));
  }

  /** The state of `key`, or undefined when there is none or it has been idle long enough to forget. */
  #live(key: string, now: number): KeyState | undefined {
    const state = this.#keys.get(key);
    if (state !== undefined && this.#forgettable(state, now)) {
      this.#keys.delete(key);
      return undefined;
    }
    return state;
  }

  #forgettable(state: KeyState, now: number): boolean {
    return (
      state.pending === 0 &&
      now >= state.until &&
      now - state.lastFailure >= this.#options.forgetAfterMs
    );
  }

  /** The state of `key`, created if needed, moved to the most recently used end. */
  #touch(key: string, free: number, now: number): KeyState {
    const state = this.#live(key, now) ?? {
      free,
      failures: 0,
      pending: 0,
      until: 0,
      lastFailure: now,
    };
    this.#keys.delete(key);
    if (this.#keys.size >= this.#options.maxTracked) this.#evict(now);
    this.#keys.set(key, state);
    return state;
  }

  /** Forgets idle keys, oldest first, until there is room for one more. */
  #evict(now: number): void {
    for (const [key, state] of this.#keys) {
      if (this.#keys.size < this.#options.maxTracked) return;
      if (state.pending === 0 && now >= state.until) this.#keys.delete(key);
    }
    // Every remaining key is in flight or locked out: forget the oldest anyway to bound memory.
    for (const key of this.#keys.keys()) {
      if (this.#keys.size < this.#options.maxTracked) return;
      this.#keys.delete(key);
    }
  }
}

function withoutUndefined(options: ThrottleOptions): Partial<typeof DEFAULTS> {
  const { clock: _clock, ...rest } = options;
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
}

/**
 * The throttle key of a remote address. IPv4-mapped IPv6 counts as IPv4; other IPv6 addresses
 * count by their /64 prefix, since one host usually holds a whole /64.
 */
export function addressKey(remoteAddress: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  if (mapped) return `addr:${mapped[1]}`;
  if (!isIPv6(remoteAddress)) return `addr:${remoteAddress}`;
  const [head = '', tail = ''] = remoteAddress.toLowerCase().split('%')[0]?.split('::') ?? [];
  const front = head === '' ? [] : head.split(':');
  const back = remoteAddress.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = [
    ...front,
    ...Array(Math.max(0, 8 - front.length - back.length)).fill('0'),
    ...back,
  ];
  return `addr:${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

const utf8 = new TextEncoder();

/**
 * The throttle key of `user` at the address whose {@link addressKey} is `address`. The name is
 * kept as its SHA-256, so every key has the same short length whatever the name's length.
 */
export function userKey(user: string, address: string | undefined): string {
  return `user:${encodeBase64(sha256(utf8.encode(user)))}@${address ?? ''}`;
}

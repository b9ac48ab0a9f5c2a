// Login attempts counted per client address in the node's database, so that every node sharing
// it counts the same attempts: API-key logins (Psono allows 60 an hour per address), and failed
// passwords across nodes (each node's api-access throttle only sees its own).
import { LOGIN_THROTTLED } from '@convene/rpc-core';
import type { Queryable } from '../storage/database.js';

/** What is counted: every API-key login, or each failed password login. */
type Kind = 'api-key' | 'password';

/** Counts attempts of one kind per address in fixed windows. */
class AttemptCounter {
  readonly #db: Queryable;
  readonly #kind: Kind;
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(db: Queryable, kind: Kind, windowMs: number, now: () => number) {
    this.#db = db;
    this.#kind = kind;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  #window(): { start: number; left: number } {
    const time = this.#now();
    const start = time - (time % this.#windowMs);
    return { start, left: start + this.#windowMs - time };
  }

  /** Counts one attempt; resolves to the attempts in this window so far and the ms it has left. */
  async add(address: string): Promise<{ attempts: number; left: number }> {
    const { start, left } = this.#window();
    await this.#db.query('DELETE FROM login_attempts WHERE kind = $1 AND window_start < $2', [
      this.#kind,
      start,
    ]);
    const [row] = await this.#db.query<{ attempts: number }>(
      `INSERT INTO login_attempts (kind, address, window_start, attempts) VALUES ($1, $2, $3, 1)
       ON CONFLICT (kind, address, window_start)
       DO UPDATE SET attempts = login_attempts.attempts + 1
       RETURNING attempts`,
      [this.#kind, address, start],
    );
    return { attempts: Number(row?.attempts), left };
  }

  /** The attempts in this window so far, and the ms it has left. */
  async count(address: string): Promise<{ attempts: number; left: number }> {
    const { start, left } = this.#window();
    const [row] = await this.#db.query<{ attempts: number }>(
      'SELECT attempts FROM login_attempts WHERE kind = $1 AND address = $2 AND window_start = $3',
      [this.#kind, address, start],
    );
    return { attempts: Number(row?.attempts ?? 0), left };
  }
}

/** Counts API-key logins per address and hour; `null` when allowed, else ms until the next window. */
export function loginThrottle(db: Queryable, perHour: number, now: () => number = Date.now) {
  const counter = new AttemptCounter(db, 'api-key', 3_600_000, now);
  return async (address: string): Promise<number | null> => {
    const { attempts, left } = await counter.add(address);
    return attempts > perHour ? left : null;
  };
}

/** Failed password logins one address may make in 15 minutes on all nodes together. */
export const SHARED_PASSWORD_FAILURES = 20;

/** The error rpc-core answers as a throttled login (HTTP 429, JSON-RPC -32002). */
function throttled(retryAfterMs: number) {
  return Object.assign(new Error('Too many failed logins from this address on this cluster'), {
    code: LOGIN_THROTTLED,
    retryAfterMs,
  });
}

/**
 * Failed password logins per address, shared by the nodes on one database: `check` refuses an
 * address that failed {@link SHARED_PASSWORD_FAILURES} times in the current 15 minutes (throwing
 * rpc-core's throttled-login error), `failed` counts a failure.
 */
export function sharedPasswordThrottle(db: Queryable, now: () => number = Date.now) {
  const counter = new AttemptCounter(db, 'password', 15 * 60_000, now);
  return {
    check: async (address: string): Promise<void> => {
      const { attempts, left } = await counter.count(address);
      if (attempts >= SHARED_PASSWORD_FAILURES) throw throttled(left);
    },
    failed: async (address: string): Promise<void> => {
      await counter.add(address);
    },
  };
}

/** What {@link sharedPasswordThrottle} returns. */
export type SharedPasswordThrottle = ReturnType<typeof sharedPasswordThrottle>;

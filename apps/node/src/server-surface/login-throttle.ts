// Login throttling per client address in the node's database, so that every node sharing it
// counts the same attempts (Psono allows 60 API-key logins an hour per address).
import type { Queryable } from '../storage/database.js';

/** Length of one counting window, ms. */
const WINDOW_MS = 3_600_000;

/** Counts login attempts per address and hour; `null` when allowed, else ms until the next window. */
export function loginThrottle(db: Queryable, perHour: number, now: () => number = Date.now) {
  return async (address: string): Promise<number | null> => {
    const time = now();
    const windowStart = time - (time % WINDOW_MS);
    await db.query('DELETE FROM api_key_login_attempts WHERE window_start < $1', [windowStart]);
    const [row] = await db.query<{ attempts: number }>(
      `INSERT INTO api_key_login_attempts (address, window_start, attempts) VALUES ($1, $2, 1)
       ON CONFLICT (address, window_start)
       DO UPDATE SET attempts = api_key_login_attempts.attempts + 1
       RETURNING attempts`,
      [address, windowStart],
    );
    return Number(row?.attempts) > perHour ? windowStart + WINDOW_MS - time : null;
  };
}

// The node's API-key session store: crypto-session's PostgreSQL store in the node's database,
// with per-request bookkeeping kept off the disk's critical path.
import {
  MemorySessionStore,
  type SessionFilter,
  type SessionStore,
  type StoredSession,
} from '@convene/crypto-session';
import { PostgresSessionStore } from '@convene/crypto-session/postgres';
import pg from 'pg';
import type { Database, Queryable } from '../storage/database.js';

/** How often one node records that a session is still in use (the idle timeout is 300 s). */
export const TOUCH_INTERVAL_MS = 15_000;
/** The key of the advisory lock under which nodes create crypto-session's tables. */
const SESSION_TABLES_LOCK = 7_436_013;

/** A node database (or transaction) as crypto-session's PostgreSQL store queries it. */
export const asStoreQueryable = (db: Queryable) => ({
  query: async (text: string, params?: unknown[]) => ({ rows: await db.query(text, params) }),
});

/**
 * A store over another that writes a session's last-seen time at most every
 * {@link TOUCH_INTERVAL_MS} per node. With `memory` (a node alone on its embedded store, which it
 * empties at start), every write also goes to `memory`, which answers the reads and keeps the
 * replay memory: a request then costs the database nothing.
 */
class NodeSessionStore implements SessionStore {
  readonly #inner: SessionStore;
  readonly #memory: MemorySessionStore | undefined;
  readonly #touched = new Map<string, number>();

  constructor(inner: SessionStore, memory?: MemorySessionStore) {
    this.#inner = inner;
    this.#memory = memory;
  }

  async insert(session: StoredSession): Promise<void> {
    await this.#inner.insert(session);
    await this.#memory?.insert(session);
  }

  get(id: string) {
    return (this.#memory ?? this.#inner).get(id);
  }

  async touch(id: string, lastSeenAt: number): Promise<void> {
    await this.#memory?.touch(id, lastSeenAt);
    const last = this.#touched.get(id);
    if (last !== undefined && lastSeenAt - last < TOUCH_INTERVAL_MS) return;
    if (this.#touched.size > 100_000) this.#touched.clear();
    this.#touched.set(id, lastSeenAt);
    await this.#inner.touch(id, lastSeenAt);
  }

  async delete(id: string): Promise<boolean> {
    this.#touched.delete(id);
    const inMemory = (await this.#memory?.delete(id)) ?? false;
    return (await this.#inner.delete(id)) || inMemory;
  }

  list(filter: SessionFilter) {
    return (this.#memory ?? this.#inner).list(filter);
  }

  async deleteMany(filter: SessionFilter): Promise<number> {
    let count = 0;
    for (const session of await this.list(filter)) if (await this.delete(session.id)) count++;
    return count;
  }

  remember(key: string, expiresAt: number, sessionId?: string) {
    return (this.#memory ?? this.#inner).remember(key, expiresAt, sessionId);
  }
}

/**
 * The session store of a node in its database, and the function that closes what it opened.
 * crypto-session's tables are created once, under an advisory lock (nodes starting together).
 *
 * - On a PostgreSQL server, shared by nodes: sessions and the replay memory in the database,
 *   written over connections with `synchronous_commit = off` (a crash may forget the last moments
 *   of session bookkeeping, never a schedule or vault write).
 * - On the embedded store, which one node alone uses: sessions written to the database and kept
 *   in the node's memory too, which answers requests and holds the replay memory; sessions end
 *   when the node restarts, so no request of an earlier run can be replayed.
 */
export async function openSessionStore(
  db: Database,
  databaseUrl: string | undefined,
): Promise<{ store: SessionStore; close: () => Promise<void> }> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SESSION_TABLES_LOCK]);
    await new PostgresSessionStore({ db: asStoreQueryable(tx) }).migrate();
  });
  if (db.kind === 'pglite' || databaseUrl === undefined) {
    await db.query('DELETE FROM crypto_session_memory');
    await db.query('DELETE FROM crypto_session_sessions');
    const store = new PostgresSessionStore({ db: asStoreQueryable(db) });
    return { store: new NodeSessionStore(store, new MemorySessionStore()), close: async () => {} };
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 4,
    options: '-c synchronous_commit=off',
  });
  pool.on('error', () => {
    // An idle connection dropped: the pool makes a new one for the next query.
  });
  const store = new PostgresSessionStore({
    db: { query: async (text, params) => ({ rows: (await pool.query(text, params)).rows }) },
  });
  return { store: new NodeSessionStore(store), close: () => pool.end() };
}

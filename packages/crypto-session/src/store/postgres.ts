// Sessions in PostgreSQL through any client with pg's `query(text, params)` (a pg Pool or Client,
// or PGlite): two tables the store creates, plain SQL that both run.
import {
  checkFilter,
  type SessionFilter,
  type SessionStore,
  type StoredSession,
} from './session-store.js';

/** The one method the store needs: pg's `Pool`/`Client` and PGlite both have it. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Options of {@link PostgresSessionStore}. */
export interface PostgresSessionStoreOptions {
  /** A pg Pool or Client, a PGlite instance, or anything with the same `query`. */
  db: Queryable;
  /** Prefix of the two table names (`<prefix>sessions`, `<prefix>memory`). Default `crypto_session_`. */
  tablePrefix?: string;
  /** Clock for sweeping expired rows (default `Date.now`). */
  now?: () => number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,40}$/;

/**
 * A {@link SessionStore} in PostgreSQL. Call {@link PostgresSessionStore.migrate} once before use;
 * it creates the tables if they are missing.
 */
export class PostgresSessionStore implements SessionStore {
  #db: Queryable;
  #sessions: string;
  #memory: string;
  #now: () => number;

  /** @throws {TypeError} `tablePrefix` is not a lowercase SQL identifier. */
  constructor(options: PostgresSessionStoreOptions) {
    const prefix = options.tablePrefix ?? 'crypto_session_';
    if (!IDENTIFIER.test(prefix))
      throw new TypeError('tablePrefix must be a lowercase SQL identifier');
    this.#db = options.db;
    this.#sessions = `${prefix}sessions`;
    this.#memory = `${prefix}memory`;
    this.#now = options.now ?? Date.now;
  }

  /** Creates the tables and indexes when missing. */
  async migrate(): Promise<void> {
    const s = this.#sessions;
    await this.#db.query(
      `CREATE TABLE IF NOT EXISTS ${s} (
        id text PRIMARY KEY,
        user_id text NOT NULL,
        api_key_id text NOT NULL,
        created_at bigint NOT NULL,
        last_seen_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        record text NOT NULL
      )`,
    );
    await this.#db.query(`CREATE INDEX IF NOT EXISTS ${s}_user ON ${s} (user_id)`);
    await this.#db.query(`CREATE INDEX IF NOT EXISTS ${s}_key ON ${s} (api_key_id)`);
    await this.#db.query(`CREATE INDEX IF NOT EXISTS ${s}_expires ON ${s} (expires_at)`);
    await this.#db.query(
      `CREATE TABLE IF NOT EXISTS ${this.#memory} (key text PRIMARY KEY, expires_at bigint NOT NULL, session_id text)`,
    );
    await this.#db.query(
      `CREATE INDEX IF NOT EXISTS ${this.#memory}_expires ON ${this.#memory} (expires_at)`,
    );
    await this.#db.query(
      `CREATE INDEX IF NOT EXISTS ${this.#memory}_session ON ${this.#memory} (session_id)`,
    );
  }

  async insert(session: StoredSession): Promise<void> {
    const now = this.#now();
    await this.#db.query(`DELETE FROM ${this.#sessions} WHERE expires_at <= $1`, [now]);
    await this.#db.query(`DELETE FROM ${this.#memory} WHERE expires_at <= $1`, [now]);
    await this.#db.query(
      `INSERT INTO ${this.#sessions} (id, user_id, api_key_id, created_at, last_seen_at, expires_at, record)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        session.id,
        session.userId,
        session.apiKeyId,
        session.createdAt,
        session.lastSeenAt,
        session.expiresAt,
        JSON.stringify(session),
      ],
    );
  }

  async get(id: string): Promise<StoredSession | undefined> {
    const { rows } = await this.#db.query(
      `SELECT last_seen_at, record FROM ${this.#sessions} WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    return row && toSession(row);
  }

  async touch(id: string, lastSeenAt: number): Promise<void> {
    await this.#db.query(`UPDATE ${this.#sessions} SET last_seen_at = $2 WHERE id = $1`, [
      id,
      lastSeenAt,
    ]);
  }

  async delete(id: string): Promise<boolean> {
    await this.#db.query(`DELETE FROM ${this.#memory} WHERE session_id = $1`, [id]);
    const { rows } = await this.#db.query(
      `DELETE FROM ${this.#sessions} WHERE id = $1 RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async list(filter: SessionFilter): Promise<StoredSession[]> {
    checkFilter(filter);
    const { rows } = await this.#db.query(
      `SELECT last_seen_at, record FROM ${this.#sessions}
       WHERE ($1::text IS NULL OR user_id = $1) AND ($2::text IS NULL OR api_key_id = $2) AND expires_at > $3
       ORDER BY created_at, id`,
      [filter.userId ?? null, filter.apiKeyId ?? null, this.#now()],
    );
    return rows.map(toSession);
  }

  async deleteMany(filter: SessionFilter): Promise<number> {
    let count = 0;
    for (const session of await this.list(filter)) if (await this.delete(session.id)) count++;
    return count;
  }

  async remember(key: string, expiresAt: number, sessionId?: string): Promise<boolean> {
    const { rows } = await this.#db.query(
      `INSERT INTO ${this.#memory} (key, expires_at, session_id) VALUES ($1, $2, $4)
       ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at, session_id = EXCLUDED.session_id
       WHERE ${this.#memory}.expires_at <= $3
       RETURNING key`,
      [key, expiresAt, this.#now(), sessionId ?? null],
    );
    return rows.length > 0;
  }
}

function toSession(row: Record<string, unknown>): StoredSession {
  return {
    ...(JSON.parse(row.record as string) as StoredSession),
    lastSeenAt: Number(row.last_seen_at),
  };
}

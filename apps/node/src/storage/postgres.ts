// The storage on a PostgreSQL server: a pool for queries, one connection that LISTENs.
import pg from 'pg';
import { StorageError } from '../errors.js';
import type { Database, Queryable, Row } from './database.js';

/** Options of {@link openPostgres}. */
export interface PostgresOptions {
  /** Connections in the pool, besides the one that listens. Default 10. */
  maxConnections?: number;
  /** Called with errors of idle connections and of the listening connection (then reconnected). */
  onError?: (error: Error) => void;
  /** Called when the listening connection came back: notifications sent meanwhile are lost. */
  onGap?: () => void;
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * The connection that LISTENs: one per node, reconnected with backoff when it drops; `onGap` is
 * called after a reconnect because notifications sent meanwhile are lost.
 */
class Listener {
  #client: pg.Client | undefined;
  #closed = false;
  #delayMs = 100;
  readonly #channels = new Map<string, Set<(payload: string) => void>>();

  constructor(
    private readonly url: string,
    private readonly onError: (error: Error) => void,
    private readonly onGap: () => void,
  ) {}

  async add(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    let receivers = this.#channels.get(channel);
    if (!receivers) {
      receivers = new Set();
      this.#channels.set(channel, receivers);
      const client = await this.#connected();
      await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    }
    receivers.add(onPayload);
    return async () => {
      receivers.delete(onPayload);
    };
  }

  async #connected(): Promise<pg.Client> {
    if (this.#client) return this.#client;
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => {
      for (const receiver of this.#channels.get(message.channel) ?? []) {
        receiver(message.payload ?? '');
      }
    });
    client.on('error', (error) => {
      this.onError(error);
      this.#dropped(client);
    });
    client.on('end', () => this.#dropped(client));
    await client.connect();
    this.#client = client;
    return client;
  }

  #dropped(client: pg.Client) {
    if (this.#client !== client || this.#closed) return;
    this.#client = undefined;
    const retry = () => {
      if (this.#closed) return;
      this.#connected()
        .then(async (fresh) => {
          for (const channel of this.#channels.keys()) {
            await fresh.query(`LISTEN ${quoteIdentifier(channel)}`);
          }
          this.#delayMs = 100;
          this.onGap();
        })
        .catch((error: Error) => {
          this.onError(error);
          this.#delayMs = Math.min(this.#delayMs * 2, 5000);
          setTimeout(retry, this.#delayMs).unref();
        });
    };
    setTimeout(retry, this.#delayMs).unref();
  }

  async close() {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    await client?.end();
  }
}

/**
 * Connects to a PostgreSQL server (`postgres://user:pass@host:port/db`) with a pool, and one more
 * connection for LISTEN. Throws {@link StorageError} when the server cannot be reached.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Database> {
  const onError = options.onError ?? (() => {});
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  pool.on('error', onError);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw new StorageError(
      `cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const listener = new Listener(url, onError, () => options.onGap?.());
  const run = async <R extends Row>(
    runner: pg.Pool | pg.PoolClient,
    text: string,
    params?: readonly unknown[],
  ) => (await runner.query<R>(text, params ? [...params] : undefined)).rows;
  return {
    kind: 'postgresql',
    query: (text, params) => run(pool, text, params),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Queryable = { query: (text, params) => run(client, text, params) };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    listen: (channel, onPayload) => listener.add(channel, onPayload),
    close: async () => {
      await listener.close();
      await pool.end();
    },
  };
}

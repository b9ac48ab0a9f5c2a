// Fresh databases on the PostgreSQL server the tests use (the one `pnpm test` starts, or the one
// CONVENE_TEST_DATABASE_URL names): one per suite, dropped afterwards. A missing server fails the
// tests; they never skip.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the tests use. */
export const serverUrl =
  process.env.CONVENE_TEST_DATABASE_URL ?? 'postgres://convene:convene@127.0.0.1:5432/postgres';

/** Runs `sql` on the server's own database, over a connection of its own. */
async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database on the test server named `<prefix>_<pid>_<random>`, its URL, and the
 * function that drops it (whoever is still connected).
 */
export async function createServerDatabase(
  prefix = 'convene_test',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

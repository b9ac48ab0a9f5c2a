// Finds the key registry the `api-key` commands act on: a PostgreSQL server directly, a running
// node through its control socket, or a stopped node's embedded store.
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { PostgresSessionStore } from '@convene/crypto-session/postgres';
import { ConfigError } from '../errors.js';
import { controlSocketPath, controlSocketRegistry } from '../server-surface/control-socket.js';
import { databaseKeyRegistry, type KeyRegistry } from '../server-surface/key-records.js';
import { asStoreQueryable } from '../server-surface/session-store.js';
import type { Database } from '../storage/database.js';
import { openDatabase } from '../storage/open.js';

/** Whether a node answers on the data dir's control socket. */
function nodeListens(path: string): Promise<boolean> {
  if (!existsSync(path)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function hasSchema(db: Database): Promise<boolean> {
  const [row] = await db.query<{ present: boolean }>(
    "SELECT to_regclass('api_keys') IS NOT NULL AS present",
  );
  return row?.present === true;
}

/**
 * Opens the registry of the node's storage and runs `work` on it, closing what it opened.
 * @throws {ConfigError} the storage has no API-key tables yet (the node never started on it).
 */
export async function withRegistry<T>(
  storage: { dataDir: string; databaseUrl?: string | undefined },
  work: (registry: KeyRegistry) => Promise<T>,
): Promise<T> {
  const socket = controlSocketPath(storage.dataDir);
  if (!storage.databaseUrl && (await nodeListens(socket)))
    return work(controlSocketRegistry(storage.dataDir));
  const db = await openDatabase({ dataDir: storage.dataDir, databaseUrl: storage.databaseUrl });
  try {
    if (!(await hasSchema(db)))
      throw new ConfigError(
        'no node has started on this storage yet: run `convene-node start` once with the same --data-dir/--database-url',
      );
    const sessions = new PostgresSessionStore({ db: asStoreQueryable(db) });
    return await work(
      databaseKeyRegistry(db, async (apiKeyId) => {
        if (await hasSessions(db)) await sessions.deleteMany({ apiKeyId });
      }),
    );
  } finally {
    await db.close();
  }
}

async function hasSessions(db: Database): Promise<boolean> {
  const [row] = await db.query<{ present: boolean }>(
    "SELECT to_regclass('crypto_session_sessions') IS NOT NULL AS present",
  );
  return row?.present === true;
}

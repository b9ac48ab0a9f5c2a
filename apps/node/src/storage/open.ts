// Chooses the storage: a PostgreSQL server when a URL is given, else the embedded store.
import type { Database } from './database.js';
import { openPglite } from './pglite.js';
import { openPostgres, type PostgresOptions } from './postgres.js';

/** Where the schedule lives: a PostgreSQL server when `databaseUrl` is set, else the data dir. */
export interface StorageOptions extends PostgresOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
}

/** Opens the storage the options name (see {@link openPglite} and {@link openPostgres}). */
export function openDatabase(options: StorageOptions): Promise<Database> {
  const { dataDir, databaseUrl, ...postgres } = options;
  return databaseUrl ? openPostgres(databaseUrl, postgres) : openPglite(dataDir);
}

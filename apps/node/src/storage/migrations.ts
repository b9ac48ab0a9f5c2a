// The versioned schema, applied in order once per database.
import { linkedAccountsMigration } from '../linked-accounts/schema.js';
import { API_KEYS_MIGRATION } from '../server-surface/schema.js';
import type { Database, Queryable } from './database.js';

/** One schema version: statements run in order, in one transaction with the others pending. */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

const identity = 'bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY';
const eventRef = 'bigint NOT NULL REFERENCES events(id) ON DELETE CASCADE';

/** The schema's history. Append only: a released migration never changes. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'schedule',
    statements: [
      `CREATE TABLE events (
        id ${identity},
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        location text NOT NULL DEFAULT '',
        url text NOT NULL DEFAULT '',
        time_zone text NOT NULL DEFAULT 'UTC',
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`,
      `CREATE TABLE rooms (
        id ${identity},
        event_id ${eventRef},
        name text NOT NULL,
        capacity integer CHECK (capacity >= 0)
      )`,
      'CREATE INDEX rooms_event ON rooms (event_id)',
      `CREATE TABLE speakers (
        id ${identity},
        event_id ${eventRef},
        name text NOT NULL,
        organisation text NOT NULL DEFAULT '',
        bio text NOT NULL DEFAULT ''
      )`,
      'CREATE INDEX speakers_event ON speakers (event_id)',
      `CREATE TABLE talks (
        id ${identity},
        event_id ${eventRef},
        room_id bigint REFERENCES rooms(id) ON DELETE SET NULL,
        title text NOT NULL,
        abstract text NOT NULL DEFAULT '',
        track text NOT NULL DEFAULT '',
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`,
      'CREATE INDEX talks_event_start ON talks (event_id, starts_at)',
      'CREATE INDEX talks_room ON talks (room_id)',
      `CREATE TABLE talk_speakers (
        talk_id bigint NOT NULL REFERENCES talks(id) ON DELETE CASCADE,
        speaker_id bigint NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
        position integer NOT NULL,
        PRIMARY KEY (talk_id, speaker_id)
      )`,
      'CREATE INDEX talk_speakers_speaker ON talk_speakers (speaker_id)',
      `CREATE TABLE tickets (
        id ${identity},
        event_id ${eventRef},
        name text NOT NULL,
        price_cents integer NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
        currency text NOT NULL DEFAULT 'EUR',
        position integer NOT NULL CHECK (position >= 1),
        CONSTRAINT tickets_event_position UNIQUE (event_id, position) DEFERRABLE INITIALLY DEFERRED
      )`,
    ],
  },
  API_KEYS_MIGRATION,
  linkedAccountsMigration,
];

/** Any constant: the key of the advisory lock that keeps two nodes from migrating at once. */
const MIGRATION_LOCK = 7_436_001;

/** What {@link migrate} did. */
export interface MigrationResult {
  /** Versions applied by this call, in order. */
  applied: number[];
  /** True when the database had no schema before: the first start. */
  fresh: boolean;
}

/**
 * Brings the schema to the newest version in one transaction, under an advisory lock so that
 * nodes starting together on one server migrate once. `onFresh` runs inside the same transaction
 * when the database had no schema yet (the node loads its demo conference there), so a crash
 * leaves either nothing or everything.
 */
export async function migrate(
  db: Database,
  onFresh?: (tx: Queryable) => Promise<void>,
): Promise<MigrationResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS convene_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM convene_migrations')).map(
        (row) => row.version,
      ),
    );
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO convene_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    const fresh = done.size === 0;
    if (fresh && onFresh) await onFresh(tx);
    return { applied, fresh };
  });
}

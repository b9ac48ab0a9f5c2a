// API keys in the node's database: what `api-key create` inserts, what a login looks up, what
// `api-key list` shows and `api-key revoke` ends. No row holds a key the node could decrypt with.
import type { ApiKeyRecord } from '@convene/crypto-session';
import type { Database, Queryable } from '../storage/database.js';
import { type NodeIdentity, readIdentity } from './node-keys.js';

/** The user's keys, each encrypted (secretbox) under an API key's secret key. */
export interface EncryptedUserKeys {
  readonly private_key: string;
  readonly private_key_nonce: string;
  readonly secret_key: string;
  readonly secret_key_nonce: string;
}

/** A datastore as a client made it: its content and its key, both encrypted. */
export interface NewDatastore {
  readonly id: string;
  readonly type: string;
  readonly description: string;
  readonly data: string;
  readonly data_nonce: string;
  readonly secret_key: string;
  readonly secret_key_nonce: string;
}

/** What `api-key create` stores. */
export interface NewApiKey {
  readonly id: string;
  readonly username: string;
  /** The API key's ed25519 verify key, hex. */
  readonly verifyKey: string;
  /** Absent for keys restricted to secrets. */
  readonly userKeys?: EncryptedUserKeys;
  readonly restrictToSecrets: boolean;
  readonly write: boolean;
  readonly sessionDuration?: number;
  /** For a user's first key: the user's public key and default datastore. */
  readonly newUser?: { readonly publicKey: string; readonly datastore: NewDatastore };
}

/** One line of `api-key list`. */
export interface ApiKeyListing {
  readonly id: string;
  readonly username: string;
  readonly restrictToSecrets: boolean;
  readonly write: boolean;
  readonly sessionDuration: number | null;
  readonly active: boolean;
  readonly createdAt: string;
}

/** The operations the key commands need, on the database directly or through a running node. */
export interface KeyRegistry {
  identity(): Promise<NodeIdentity | undefined>;
  /** Whether `username` already has keys (and a vault). */
  hasUser(username: string): Promise<boolean>;
  /** The encrypted user keys of an API key, to give a new key of the same user the same vault. */
  userKeysOf(apiKeyId: string): Promise<{ username: string; keys: EncryptedUserKeys } | undefined>;
  create(key: NewApiKey): Promise<void>;
  list(): Promise<ApiKeyListing[]>;
  /** Deactivates a key and ends its sessions; false when there is no such active key. */
  revoke(id: string): Promise<boolean>;
}

interface KeyRow {
  id: string;
  username: string;
  verify_key: string;
  public_key: string;
  user_private_key: string | null;
  user_private_key_nonce: string | null;
  user_secret_key: string | null;
  user_secret_key_nonce: string | null;
  restrict_to_secrets: boolean;
  read: boolean;
  write: boolean;
  active: boolean;
}

/** Looks an API key up for a login or a request, as crypto-session's `findApiKey`. */
export async function findApiKey(db: Queryable, id: string): Promise<ApiKeyRecord | undefined> {
  const [row] = await db.query<KeyRow & Record<string, unknown>>(
    `SELECT k.*, u.public_key FROM api_keys k JOIN api_users u USING (username) WHERE k.id = $1`,
    [id],
  );
  if (!row) return undefined;
  return {
    id: row.id,
    userId: row.username,
    verifyKey: row.verify_key,
    active: row.active,
    restrictToSecrets: row.restrict_to_secrets,
    allowInsecureAccess: false,
    read: row.read,
    write: row.write,
    user: {
      username: row.username,
      public_key: row.public_key,
      ...(row.user_private_key === null
        ? {}
        : {
            private_key: row.user_private_key,
            private_key_nonce: row.user_private_key_nonce as string,
            secret_key: row.user_secret_key as string,
            secret_key_nonce: row.user_secret_key_nonce as string,
          }),
    },
  };
}

/**
 * The key registry on a database. `endSessions` ends the sessions of a revoked key in the session
 * store (a node also refuses them at their next request, as it looks the key up each time).
 */
export function databaseKeyRegistry(
  db: Database,
  endSessions: (apiKeyId: string) => Promise<unknown>,
): KeyRegistry {
  return {
    identity: () => readIdentity(db),
    hasUser: async (username) =>
      (await db.query('SELECT 1 FROM api_users WHERE username = $1', [username])).length > 0,
    userKeysOf: async (apiKeyId) => {
      const [row] = await db.query<KeyRow & Record<string, unknown>>(
        'SELECT * FROM api_keys WHERE id = $1 AND active AND user_private_key IS NOT NULL',
        [apiKeyId],
      );
      return (
        row && {
          username: row.username,
          keys: {
            private_key: row.user_private_key as string,
            private_key_nonce: row.user_private_key_nonce as string,
            secret_key: row.user_secret_key as string,
            secret_key_nonce: row.user_secret_key_nonce as string,
          },
        }
      );
    },
    create: (key) =>
      db.transaction(async (tx) => {
        if (key.newUser) {
          const { publicKey, datastore: d } = key.newUser;
          await tx.query('INSERT INTO api_users (username, public_key) VALUES ($1, $2)', [
            key.username,
            publicKey,
          ]);
          await tx.query(
            `INSERT INTO vault_datastores
               (id, username, type, description, data, data_nonce, secret_key, secret_key_nonce, is_default)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true)`,
            [
              d.id,
              key.username,
              d.type,
              d.description,
              d.data,
              d.data_nonce,
              d.secret_key,
              d.secret_key_nonce,
            ],
          );
        }
        const k = key.userKeys;
        await tx.query(
          `INSERT INTO api_keys (id, username, verify_key, user_private_key, user_private_key_nonce,
             user_secret_key, user_secret_key_nonce, restrict_to_secrets, read, write, session_duration)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true, $9, $10)`,
          [
            key.id,
            key.username,
            key.verifyKey,
            k?.private_key ?? null,
            k?.private_key_nonce ?? null,
            k?.secret_key ?? null,
            k?.secret_key_nonce ?? null,
            key.restrictToSecrets,
            key.write,
            key.sessionDuration ?? null,
          ],
        );
      }),
    list: async () =>
      (
        await db.query<Record<string, unknown>>(
          `SELECT id, username, restrict_to_secrets, write, session_duration, active,
                  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at
           FROM api_keys ORDER BY created_at, id`,
        )
      ).map((row) => ({
        id: row.id as string,
        username: row.username as string,
        restrictToSecrets: row.restrict_to_secrets as boolean,
        write: row.write as boolean,
        sessionDuration: (row.session_duration as number | null) ?? null,
        active: row.active as boolean,
        createdAt: row.created_at as string,
      })),
    revoke: async (id) => {
      const rows = await db.query(
        'UPDATE api_keys SET active = false, revoked_at = now() WHERE id = $1 AND active RETURNING id',
        [id],
      );
      await endSessions(id);
      return rows.length > 0;
    },
  };
}

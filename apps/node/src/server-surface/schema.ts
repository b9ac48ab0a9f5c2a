// The tables behind the node's `/server` surface: its public identity, API keys, the users'
// encrypted datastores and secrets (ciphertext the clients made; the node holds no key to it), and
// login attempts counted per client address for every node sharing the database.
import type { Migration } from '../storage/migrations.js';

/** Schema version of the API-key and vault tables. */
export const API_KEYS_MIGRATION: Migration = {
  version: 2,
  name: 'api keys and vault',
  statements: [
    `CREATE TABLE server_identity (
      id integer PRIMARY KEY CHECK (id = 1),
      verify_key text NOT NULL,
      public_key text NOT NULL
    )`,
    `CREATE TABLE api_users (
      username text PRIMARY KEY,
      public_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE api_keys (
      id text PRIMARY KEY,
      username text NOT NULL REFERENCES api_users(username),
      verify_key text NOT NULL,
      user_private_key text,
      user_private_key_nonce text UNIQUE,
      user_secret_key text,
      user_secret_key_nonce text UNIQUE,
      restrict_to_secrets boolean NOT NULL,
      read boolean NOT NULL,
      write boolean NOT NULL,
      session_duration integer,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`,
    'CREATE INDEX api_keys_username ON api_keys (username)',
    `CREATE TABLE vault_datastores (
      id text PRIMARY KEY,
      username text NOT NULL REFERENCES api_users(username),
      type text NOT NULL,
      description text NOT NULL,
      data text NOT NULL,
      data_nonce text NOT NULL,
      secret_key text NOT NULL,
      secret_key_nonce text NOT NULL,
      is_default boolean NOT NULL,
      write_date timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE INDEX vault_datastores_username ON vault_datastores (username)',
    `CREATE TABLE vault_secrets (
      id text PRIMARY KEY,
      username text NOT NULL REFERENCES api_users(username),
      datastore_id text REFERENCES vault_datastores(id) ON DELETE SET NULL,
      link_id text,
      data text NOT NULL,
      data_nonce text NOT NULL,
      write_date timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE INDEX vault_secrets_username ON vault_secrets (username)',
    `CREATE TABLE login_attempts (
      kind text NOT NULL,
      address text NOT NULL,
      window_start bigint NOT NULL,
      attempts integer NOT NULL,
      PRIMARY KEY (kind, address, window_start)
    )`,
  ],
};

// The tables of linked accounts: sign-in transactions, accounts with sealed tokens, announcements.
import type { Migration } from '../storage/migrations.js';

/**
 * Version 20 (apart from the schedule's numbers): link transactions, linked accounts whose tokens
 * are sealed (never stored in clear), the last talk state announced, and the key check.
 */
export const linkedAccountsMigration: Migration = {
  version: 20,
  name: 'linked accounts',
  statements: [
    `CREATE TABLE secrets_key_check (
      id integer PRIMARY KEY CHECK (id = 1),
      sealed text NOT NULL
    )`,
    `CREATE TABLE oauth_transactions (
      binding text PRIMARY KEY,
      provider text NOT NULL,
      event_id bigint NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      started_by text NOT NULL,
      sealed_record text NOT NULL,
      expires_at timestamptz NOT NULL
    )`,
    'CREATE INDEX oauth_transactions_expiry ON oauth_transactions (expires_at)',
    `CREATE TABLE linked_accounts (
      event_id bigint NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      provider text NOT NULL,
      account_id text NOT NULL,
      display_name text NOT NULL,
      scopes text[] NOT NULL DEFAULT '{}',
      linked_by text NOT NULL,
      linked_at timestamptz NOT NULL DEFAULT now(),
      sealed_access text NOT NULL,
      sealed_refresh text,
      sealed_secret text,
      expires_at timestamptz,
      announce boolean NOT NULL DEFAULT false,
      PRIMARY KEY (event_id, provider)
    )`,
    `CREATE TABLE announced_talks (
      talk_id bigint PRIMARY KEY REFERENCES talks(id) ON DELETE CASCADE,
      event_id bigint NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      room_id bigint,
      posted_at timestamptz
    )`,
  ],
};

// The SQL of linked accounts and link transactions, every token sealed on its way in.
import type { TokenBox } from '../secrets/token-box.js';
import type { Database, Queryable } from '../storage/database.js';
import type { AccountTokens, LinkedAccountTokens, TransactionRecord } from './providers.js';

/** A linked account as organizers see it: never a token. */
export type LinkedAccount = {
  provider: string;
  account_id: string;
  display_name: string;
  scopes: string[];
  linked_at: string;
  linked_by: string;
  /** Whether schedule changes are posted from this account (X only). */
  announce: boolean;
};

/** A link transaction taken back at its callback. */
export interface TakenTransaction {
  eventId: string;
  startedBy: string;
  record: TransactionRecord;
  expired: boolean;
}

const ACCOUNT_COLUMNS = `provider, account_id, display_name, scopes,
  to_char(linked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS linked_at, linked_by, announce`;

/** Linked accounts and transactions in the node's database; tokens through `box` only. */
export class AccountStore {
  readonly #db: Database;
  readonly #box: TokenBox;

  constructor(db: Database, box: TokenBox) {
    this.#db = db;
    this.#box = box;
  }

  /** Keeps a started link's transaction, sealed, under the hash of its browser cookie. */
  async putTransaction(
    binding: string,
    provider: string,
    eventId: string,
    startedBy: string,
    record: TransactionRecord,
    ttlMs: number,
  ): Promise<void> {
    await this.#db.query('DELETE FROM oauth_transactions WHERE expires_at < now()');
    await this.#db.query(
      `INSERT INTO oauth_transactions (binding, provider, event_id, started_by, sealed_record, expires_at)
        VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6::float8 / 1000))`,
      [
        binding,
        provider,
        eventId,
        startedBy,
        this.#box.seal(JSON.stringify(record), ['transaction', provider, binding]),
        ttlMs,
      ],
    );
  }

  /** Takes (deletes and returns) the transaction bound to `binding`: once only. */
  async takeTransaction(binding: string, provider: string): Promise<TakenTransaction | undefined> {
    const [row] = await this.#db.query<{
      event_id: string;
      started_by: string;
      sealed_record: string;
      expired: boolean;
    }>(
      `DELETE FROM oauth_transactions WHERE binding = $1 AND provider = $2
        RETURNING event_id::text AS event_id, started_by, sealed_record, expires_at < now() AS expired`,
      [binding, provider],
    );
    if (row === undefined) return undefined;
    return {
      eventId: row.event_id,
      startedBy: row.started_by,
      record: JSON.parse(
        this.#box.open(row.sealed_record, ['transaction', provider, binding]),
      ) as TransactionRecord,
      expired: row.expired,
    };
  }

  /** Stores a newly linked account, replacing an earlier link of the same provider. */
  async saveAccount(
    tx: Queryable,
    eventId: string,
    provider: string,
    linkedBy: string,
    account: LinkedAccountTokens,
  ): Promise<void> {
    const seal = this.#sealer(eventId, provider);
    await tx.query(
      `INSERT INTO linked_accounts (event_id, provider, account_id, display_name, scopes, linked_by,
          sealed_access, sealed_refresh, sealed_secret, expires_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, to_timestamp($10::float8 / 1000))
        ON CONFLICT (event_id, provider) DO UPDATE SET account_id = $3, display_name = $4,
          scopes = $5, linked_by = $6, linked_at = now(), sealed_access = $7, sealed_refresh = $8,
          sealed_secret = $9, expires_at = to_timestamp($10::float8 / 1000)`,
      [
        eventId,
        provider,
        account.accountId,
        account.displayName,
        [...account.scopes],
        linkedBy,
        seal('access', account.accessToken),
        seal('refresh', account.refreshToken),
        seal('secret', account.tokenSecret),
        account.expiresAt ?? null,
      ],
    );
  }

  /** Replaces the tokens of an account after a refresh (inside the refresh's transaction). */
  async saveTokens(
    tx: Queryable,
    eventId: string,
    provider: string,
    tokens: AccountTokens,
    scopes?: readonly string[],
  ): Promise<void> {
    const seal = this.#sealer(eventId, provider);
    await tx.query(
      `UPDATE linked_accounts SET sealed_access = $3, sealed_refresh = coalesce($4, sealed_refresh),
          expires_at = to_timestamp($5::float8 / 1000), scopes = coalesce($6, scopes)
        WHERE event_id = $1 AND provider = $2`,
      [
        eventId,
        provider,
        seal('access', tokens.accessToken),
        seal('refresh', tokens.refreshToken),
        tokens.expiresAt ?? null,
        scopes === undefined ? null : [...scopes],
      ],
    );
  }

  /** The accounts linked to an event, by provider name. */
  list(eventId: string): Promise<LinkedAccount[]> {
    return this.#db.query<LinkedAccount>(
      `SELECT ${ACCOUNT_COLUMNS} FROM linked_accounts WHERE event_id = $1 ORDER BY provider`,
      [eventId],
    );
  }

  /** One account with its tokens opened; `lock` takes its row for the transaction `tx`. */
  async account(
    tx: Queryable,
    eventId: string,
    provider: string,
    lock = false,
  ): Promise<(LinkedAccount & AccountTokens) | undefined> {
    const [row] = await tx.query<
      LinkedAccount & {
        sealed_access: string;
        sealed_refresh: string | null;
        sealed_secret: string | null;
        expires_ms: string | null;
      }
    >(
      `SELECT ${ACCOUNT_COLUMNS}, sealed_access, sealed_refresh, sealed_secret,
          (extract(epoch FROM expires_at) * 1000)::bigint::text AS expires_ms
        FROM linked_accounts WHERE event_id = $1 AND provider = $2${lock ? ' FOR UPDATE' : ''}`,
      [eventId, provider],
    );
    if (row === undefined) return undefined;
    const { sealed_access, sealed_refresh, sealed_secret, expires_ms, ...account } = row;
    const open = (field: string, sealed: string | null) =>
      sealed === null ? undefined : this.#box.open(sealed, [eventId, provider, field]);
    return {
      ...account,
      accessToken: open('access', sealed_access) ?? '',
      refreshToken: open('refresh', sealed_refresh),
      tokenSecret: open('secret', sealed_secret),
      expiresAt: expires_ms === null ? undefined : Number(expires_ms),
    };
  }

  /** Forgets an account; false when there was none. */
  async deleteAccount(tx: Queryable, eventId: string, provider: string): Promise<boolean> {
    const rows = await tx.query(
      'DELETE FROM linked_accounts WHERE event_id = $1 AND provider = $2 RETURNING provider',
      [eventId, provider],
    );
    return rows.length > 0;
  }

  /** Turns announcements of an account on or off; false when there is no such account. */
  async setAnnounce(eventId: string, provider: string, on: boolean): Promise<boolean> {
    const rows = await this.#db.query(
      'UPDATE linked_accounts SET announce = $3 WHERE event_id = $1 AND provider = $2 RETURNING provider',
      [eventId, provider, on],
    );
    return rows.length > 0;
  }

  #sealer(eventId: string, provider: string) {
    return (field: string, secret: string | undefined) =>
      secret === undefined ? null : this.#box.seal(secret, [eventId, provider, field]);
  }
}

// The one storage interface both PostgreSQLs are used through.
/** A row as both drivers return it; every query selects text, integers and arrays only. */
export type Row = Record<string, unknown>;

/** Runs one parameterised statement (`$1`, `$2` …). */
export interface Queryable {
  query<R extends Row = Row>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

/** Which PostgreSQL serves the node: embedded (PGlite, in the data dir) or a server (`pg`). */
export type StorageKind = 'pglite' | 'postgresql';

/**
 * The one storage interface the node's queries run on, whatever serves them. Both adapters keep
 * PostgreSQL's own semantics (transactions, locks, NOTIFY), so one set of SQL serves both.
 */
export interface Database extends Queryable {
  readonly kind: StorageKind;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Calls `onPayload` for each NOTIFY on `channel`; resolves to a function that stops listening. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Waits for running statements, then closes every connection (or the embedded store). */
  close(): Promise<void>;
}

/**
 * @packageDocumentation
 * A PostgreSQL {@link SessionStore} for `@convene/crypto-session`, over pg or PGlite (no runtime dependency).
 */

/** Sessions in PostgreSQL. */
export {
  PostgresSessionStore,
  type PostgresSessionStoreOptions,
  type Queryable,
} from './store/postgres.js';

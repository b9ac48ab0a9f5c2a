// The storage contract of server sessions: records keyed by a hash of their token, listed and
// ended by user or API key, and a replay memory of keys that expire.

/** One stored session. Nothing in it reveals the token or the transport key. */
export interface StoredSession {
  /** Hex SHA-256 of the token: the lookup key. */
  readonly id: string;
  readonly userId: string;
  readonly apiKeyId: string;
  readonly deviceDescription: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** Last authenticated request, ms; the idle timeout counts from here. */
  readonly lastSeenAt: number;
  /** Absolute end of the session, ms. */
  readonly expiresAt: number;
  /** The client's `device_time` at login, ms, when it sent one (Authorization-Validator window). */
  readonly clientTime: number | null;
  /** Whether every request must carry `Authorization-Validator`. */
  readonly validatorRequired: boolean;
  readonly restrictToSecrets: boolean;
  readonly read: boolean;
  readonly write: boolean;
  /** The transport key and device fingerprint, sealed under HKDF(server secret, token). */
  readonly sealed: string;
}

/** Which sessions to list or end: those of a user, of an API key, or both conditions at once. */
export type SessionFilter =
  | { userId: string; apiKeyId?: string }
  | { userId?: string; apiKeyId: string };

/**
 * Where an {@link ApiKeyServer} keeps sessions. Implementations: {@link MemorySessionStore},
 * `PostgresSessionStore` (`@convene/crypto-session/postgres`), `RedisSessionStore`
 * (`@convene/crypto-session/redis`). The server checks idle and absolute expiry itself on every
 * request (`ERR_EXPIRED`); stores may forget a session once past `expiresAt`, after which its
 * token is simply unknown (`ERR_UNAUTHENTICATED`).
 */
export interface SessionStore {
  /** Stores a new session. */
  insert(session: StoredSession): Promise<void>;
  /** The session with this id, if stored. */
  get(id: string): Promise<StoredSession | undefined>;
  /** Records an authenticated request at `lastSeenAt`; no effect on a missing session. */
  touch(id: string, lastSeenAt: number): Promise<void>;
  /** Removes a session and every key remembered for it; whether it existed. */
  delete(id: string): Promise<boolean>;
  /** The sessions matching `filter`, oldest first. */
  list(filter: SessionFilter): Promise<StoredSession[]>;
  /** Removes the sessions matching `filter`; how many. */
  deleteMany(filter: SessionFilter): Promise<number>;
  /**
   * Remembers `key` until `expiresAt` (ms). Answers `true` the first time, `false` while a key is
   * remembered — atomically, so two processes sharing a store cannot both get `true`. A key given
   * a `sessionId` is forgotten with that session.
   */
  remember(key: string, expiresAt: number, sessionId?: string): Promise<boolean>;
}

/** Whether a session matches a filter. */
export function matchesFilter(session: StoredSession, filter: SessionFilter): boolean {
  return (
    (filter.userId === undefined || session.userId === filter.userId) &&
    (filter.apiKeyId === undefined || session.apiKeyId === filter.apiKeyId)
  );
}

/**
 * Checks a filter names a user or a key.
 * @throws {TypeError} neither `userId` nor `apiKeyId` is a string.
 */
export function checkFilter(filter: SessionFilter): void {
  if (typeof filter?.userId !== 'string' && typeof filter?.apiKeyId !== 'string')
    throw new TypeError('a session filter needs userId or apiKeyId');
}

/** The replay-memory key of a request nonce within a session. */
export function requestNonceKey(sessionId: string, nonceHex: string): string {
  return `nonce:${sessionId}:${nonceHex}`;
}

/** The replay-memory key of a login: the API key and the client's session public key. */
export function loginMemoryKey(apiKeyId: string, sessionPublicKey: string): string {
  return `login:${apiKeyId}:${sessionPublicKey.toLowerCase()}`;
}

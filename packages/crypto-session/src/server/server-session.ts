// One authenticated request's session on the server: opens the request body under the session's
// transport key (refusing a nonce seen before) and seals what is answered.
import { openJson, openSealed, sealJson, utf8 } from '../envelope.js';
import { ReplayError } from '../errors.js';
import { toHex } from '../hex.js';
import { checkSize, type Limits } from '../limits.js';
import { requestNonceKey, type SessionStore, type StoredSession } from '../store/session-store.js';
import { type EncryptedBody, parseJson } from '../wire.js';

/** What callers may read of a session: no token, no key. */
export interface SessionSummary {
  readonly id: string;
  readonly userId: string;
  readonly apiKeyId: string;
  readonly deviceDescription: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly restrictToSecrets: boolean;
  readonly read: boolean;
  readonly write: boolean;
}

/** The summary of a stored session. */
export function summarize(session: StoredSession): SessionSummary {
  return {
    id: session.id,
    userId: session.userId,
    apiKeyId: session.apiKeyId,
    deviceDescription: session.deviceDescription,
    createdAt: new Date(session.createdAt),
    lastSeenAt: new Date(session.lastSeenAt),
    expiresAt: new Date(session.expiresAt),
    restrictToSecrets: session.restrictToSecrets,
    read: session.read,
    write: session.write,
  };
}

/**
 * An authenticated session, as {@link ApiKeyServer.authenticate} returns it: open the request
 * body with {@link ServerSession.open}, answer with {@link ServerSession.seal}.
 */
export class ServerSession {
  /** The session, without secrets. */
  readonly summary: SessionSummary;
  #key: Uint8Array;
  #store: SessionStore;
  #limits: Limits;
  #expiresAt: number;

  /** @internal Made by {@link ApiKeyServer.authenticate}. */
  constructor(session: StoredSession, key: Uint8Array, store: SessionStore, limits: Limits) {
    this.summary = summarize(session);
    this.#key = key;
    this.#store = store;
    this.#limits = limits;
    this.#expiresAt = session.expiresAt;
  }

  /**
   * Decrypts a request body `{text, nonce}` (JSON text) and parses the JSON inside. An empty body
   * gives `undefined`. A nonce the session has used before is refused.
   * @throws {MalformedError} not `{text, nonce}` hex. @throws {TamperedError} the tag does not verify.
   * @throws {ReplayError} the nonce was seen before in this session. @throws {LimitExceededError}
   */
  async open(body: string | undefined): Promise<unknown> {
    if (body === undefined || body.trim() === '') return undefined;
    checkSize(utf8(body).length, this.#limits, 'maxBodyBytes', 'request body');
    const { data, nonce } = openSealed(parseJson(body, 'request body'), this.#key, 'request body');
    const fresh = await this.#store.remember(
      requestNonceKey(this.summary.id, toHex(nonce)),
      this.#expiresAt,
      this.summary.id,
    );
    if (!fresh) throw new ReplayError('This request nonce has been used before in this session');
    return data;
  }

  /** Encrypts `data` (as JSON) under the session key with a fresh nonce: the body of an answer. */
  seal(data: unknown): EncryptedBody {
    return sealJson(data, this.#key);
  }

  /** @internal Opens the Authorization-Validator header's `{text, nonce}` under the session key. */
  openValidator(header: string): unknown {
    return openJson(
      parseJson(header, 'Authorization-Validator'),
      this.#key,
      'Authorization-Validator',
    );
  }
}

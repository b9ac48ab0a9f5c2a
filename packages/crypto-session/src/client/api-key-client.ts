// The client of Psono's API-key protocol: logs in with an API key, checks the pinned server key,
// opens the user's keys, and reuses a cached session while it lives.
import { AuthenticationError, errorFromBody, HttpError } from '../errors.js';
import { keyBytes } from '../hex.js';
import { KEY_BYTES } from '../nacl.js';
import { LOGIN_PATH, parseJson } from '../wire.js';
import {
  ClientSession,
  type ClientSessionOptions,
  type SessionState,
  withSlash,
} from './client-session.js';
import { createLoginRequest, openLoginResponse, openUserKeys } from './login.js';
import { cacheKeyOf, type SessionCache } from './session-cache.js';

/** Configuration of an {@link ApiKeyClient}: the variables of Psono's API-key example script. */
export interface ApiKeyClientOptions extends ClientSessionOptions {
  /** e.g. `https://example.com/server`. */
  serverUrl: string;
  apiKeyId: string;
  /** ed25519 seed of the API key, hex or bytes. */
  apiKeyPrivateKey: string | Uint8Array;
  /** secretbox key opening the user's keys; omit for keys restricted to secrets. */
  apiKeySecretKey?: string | Uint8Array;
  /** The server's ed25519 verify key (`server_signature` in Psono's example script), pinned. */
  serverVerifyKey: string | Uint8Array;
  deviceDescription?: string;
  sessionDuration?: number;
  /** Makes every request carry `Authorization-Validator`. */
  deviceFingerprint?: string;
  /** Reuse live sessions across runs. */
  cache?: SessionCache;
}

/** Logs in with an API key and hands out {@link ClientSession}s. */
export class ApiKeyClient {
  #options: ApiKeyClientOptions;
  #fromCache = new WeakSet<ClientSession>();

  /** @throws {TypeError|RangeError} keys of the wrong type or size. */
  constructor(options: ApiKeyClientOptions) {
    keyBytes(options.apiKeyPrivateKey, 'apiKeyPrivateKey', KEY_BYTES);
    keyBytes(options.serverVerifyKey, 'serverVerifyKey', KEY_BYTES);
    if (options.apiKeySecretKey !== undefined)
      keyBytes(options.apiKeySecretKey, 'apiKeySecretKey', KEY_BYTES);
    new URL(options.serverUrl);
    this.#options = { ...options };
  }

  /**
   * A live session: the cached one if still valid, else a new login (stored in the cache).
   * @throws {CryptoSessionError} see {@link ApiKeyClient.login}.
   */
  async session(): Promise<ClientSession> {
    const { cache, serverUrl, apiKeyId } = this.#options;
    if (cache) {
      const state = await cache.get(cacheKeyOf(serverUrl, apiKeyId));
      if (state) {
        const session = new ClientSession(state, this.#options);
        if (session.isLive()) {
          this.#fromCache.add(session);
          return session;
        }
      }
    }
    return this.login();
  }

  /**
   * Runs `work` with a live session. When a session taken from the cache turns out to be ended on
   * the server (`ERR_UNAUTHENTICATED`, `ERR_EXPIRED`, `ERR_REVOKED`), forgets it, logs in again
   * and runs `work` once more — so `work` may run twice and should be safe to repeat.
   * @throws {CryptoSessionError} from the login or from `work`.
   */
  async withSession<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    const session = await this.session();
    try {
      return await work(session);
    } catch (error) {
      const ended =
        error instanceof AuthenticationError &&
        (error.code === 'ERR_UNAUTHENTICATED' ||
          error.code === 'ERR_EXPIRED' ||
          error.code === 'ERR_REVOKED');
      if (!ended || !this.#fromCache.has(session)) throw error;
      await this.#forget();
      return work(await this.login());
    }
  }

  /**
   * Logs in: `POST /api-key/login/`, signature check with the pinned key, box, user keys.
   * @throws {AuthenticationError} `ERR_SIGNATURE_INVALID` (wrong server key) or the server's `ERR_LOGIN_REFUSED`.
   * @throws {TamperedError} the box or the user keys do not open. @throws {HttpError} an answer outside the protocol.
   */
  async login(): Promise<ClientSession> {
    const options = this.#options;
    const request = createLoginRequest({
      apiKeyId: options.apiKeyId,
      apiKeyPrivateKey: options.apiKeyPrivateKey,
      ...(options.deviceDescription === undefined
        ? {}
        : { deviceDescription: options.deviceDescription }),
      ...(options.sessionDuration === undefined
        ? {}
        : { sessionDuration: options.sessionDuration }),
      ...(options.deviceFingerprint === undefined
        ? {}
        : { deviceFingerprint: options.deviceFingerprint }),
    });
    const fetcher = options.fetch ?? globalThis.fetch;
    const response = await fetcher(new URL(LOGIN_PATH.slice(1), withSlash(options.serverUrl)), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request.body),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = parseJson(text, 'login response');
    } catch {
      throw new HttpError(
        response.status,
        `login answered HTTP ${response.status} with a body that is not JSON`,
      );
    }
    if (!response.ok) throw errorFromBody(response.status, body);
    const info = openLoginResponse(body, request.sessionSecretKey, options.serverVerifyKey);
    request.sessionSecretKey.fill(0);
    const userKeys =
      options.apiKeySecretKey === undefined
        ? undefined
        : openUserKeys(info, options.apiKeySecretKey);
    const state: SessionState = {
      serverUrl: options.serverUrl,
      token: info.token,
      sessionSecretKey: info.session_secret_key,
      validTill: info.session_valid_till,
      username: info.user.username,
      userPublicKey: info.user.public_key,
      restrictToSecrets: info.api_key_restrict_to_secrets,
      ...(userKeys ? { userKeys } : {}),
      ...(options.deviceFingerprint === undefined
        ? {}
        : { device: { fingerprint: options.deviceFingerprint } }),
    };
    await options.cache?.set(cacheKeyOf(options.serverUrl, options.apiKeyId), state);
    return new ClientSession(state, options);
  }

  /** Logs a session out and forgets it in the cache. */
  async logout(session: ClientSession): Promise<void> {
    try {
      await session.logout();
    } finally {
      await this.#forget();
    }
  }

  async #forget(): Promise<void> {
    await this.#options.cache?.delete(cacheKeyOf(this.#options.serverUrl, this.#options.apiKeyId));
  }
}

// The server of Psono's API-key protocol as plain steps (login, authenticate, open, seal, logout)
// over a caller's key lookup and session store, and `handle` composing them for any HTTP stack.
import { openAtRest, sessionIdOf } from '../at-rest.js';
import {
  AuthenticationError,
  CryptoSessionError,
  type ErrorBody,
  ForbiddenError,
  NotFoundError,
} from '../errors.js';
import { fromHex, keyBytes, toHex } from '../hex.js';
import { type Limits, resolveLimits } from '../limits.js';
import { KEY_BYTES, signPublicKey } from '../nacl.js';
import type { SessionFilter, SessionStore } from '../store/session-store.js';
import { expectObject, LOGIN_PATH, LOGOUT_PATH } from '../wire.js';
import type { FindApiKey } from './api-key.js';
import { acceptLogin, type LoginContext } from './login.js';
import { ServerSession, type SessionSummary, summarize } from './server-session.js';
import { checkValidator } from './validator.js';

/** Options of {@link ApiKeyServer}. */
export interface ApiKeyServerOptions {
  /** The server's ed25519 seed (Psono's `PRIVATE_KEY`), 64 hex digits or 32 bytes: signs `login_info`. */
  signingKey: string | Uint8Array;
  /** At least 32 random bytes (hex or bytes) from which session secrets at rest are sealed with each token. */
  serverSecret: string | Uint8Array;
  /** Looks an API key up by id; called at login and on every request (revocation). */
  findApiKey: FindApiKey;
  /** Where sessions and the replay memory live. */
  store: SessionStore;
  limits?: Partial<Limits>;
  /** Clock in ms (default `Date.now`). */
  now?: () => number;
  /**
   * Which routes a key restricted to secrets may use (besides logout). Default: paths starting
   * with `/secret/` or `/api-key-access/`.
   */
  allowRestricted?: (method: string, path: string) => boolean;
}

/** What `authenticate` reads of an HTTP request. */
export interface RequestCredentials {
  /** The `Authorization` header: `Token <token>`. */
  authorization?: string | undefined;
  /** The `Authorization-Validator` header, when sent. */
  validator?: string | undefined;
  method: string;
  /** Path below the mount point, e.g. `/datastore/`. */
  path: string;
}

/** An HTTP request as {@link ApiKeyServer.handle} takes it; header names in lowercase. */
export interface HttpRequest {
  method: string;
  path: string;
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
}

/** An HTTP answer: status, headers and the body text (empty or JSON). */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A route's answer: the data to seal and its status (default 200). */
export interface RouteResult {
  status?: number;
  data: unknown;
}

/**
 * Serves one authenticated request: `data` is the decrypted body (`undefined` when empty).
 * Answer `undefined` for "no such route" (404). Throw a {@link CryptoSessionError} for a coded error.
 */
export type Route = (
  session: ServerSession,
  request: { method: string; path: string; data: unknown },
) => Promise<RouteResult | undefined> | RouteResult | undefined;

const JSON_HEADERS = Object.freeze({ 'content-type': 'application/json' });

function defaultAllowRestricted(_method: string, path: string): boolean {
  return path.startsWith('/secret/') || path.startsWith('/api-key-access/');
}

/**
 * Psono's API-key login and encrypted transport, server side. Mount {@link handle} on any HTTP
 * stack (the `node:http` adapter is in `@convene/crypto-session/node`), or compose the steps.
 */
export class ApiKeyServer {
  /** The server's ed25519 verify key in hex: clients pin it (Psono's `server_signature`). */
  readonly verifyKey: string;
  readonly limits: Limits;
  #context: LoginContext;
  #allowRestricted: (method: string, path: string) => boolean;

  /** @throws {TypeError|RangeError} a key of the wrong type or size, a server secret under 32 bytes, bad limits. */
  constructor(options: ApiKeyServerOptions) {
    if (typeof options.findApiKey !== 'function')
      throw new TypeError('findApiKey must be a function');
    if (typeof options.store?.get !== 'function')
      throw new TypeError('store must be a SessionStore');
    const signingSeed = keyBytes(options.signingKey, 'signingKey', KEY_BYTES);
    const serverSecret =
      typeof options.serverSecret === 'string'
        ? fromHexSecret(options.serverSecret)
        : options.serverSecret;
    if (!(serverSecret instanceof Uint8Array) || serverSecret.length < 32)
      throw new RangeError('serverSecret must be at least 32 bytes');
    this.limits = resolveLimits(options.limits);
    this.verifyKey = toHex(signPublicKey(signingSeed));
    this.#allowRestricted = options.allowRestricted ?? defaultAllowRestricted;
    this.#context = {
      signingSeed,
      serverSecret,
      findApiKey: options.findApiKey,
      store: options.store,
      limits: this.limits,
      now: options.now ?? Date.now,
    };
  }

  /**
   * Handles the body of `POST /api-key/login/` and returns the JSON answer (send it as is, plain).
   * @throws {CryptoSessionError} see {@link acceptLogin}.
   */
  async login(body: string): Promise<Record<string, string>> {
    return { ...(await acceptLogin(body, this.#context)) };
  }

  /**
   * Finds and checks the session of a request: token, idle and absolute expiry, the API key still
   * active, the Authorization-Validator, and the restriction of keys restricted to secrets.
   * @throws {AuthenticationError} `ERR_UNAUTHENTICATED`, `ERR_EXPIRED`, `ERR_REVOKED` or `ERR_VALIDATOR`.
   * @throws {ForbiddenError} a restricted key on a route not allowed to it.
   */
  async authenticate(request: RequestCredentials): Promise<ServerSession> {
    const { store, now, limits, serverSecret } = this.#context;
    const token = readToken(request.authorization);
    const id = sessionIdOf(token);
    const stored = await store.get(id);
    if (!stored)
      throw new AuthenticationError('ERR_UNAUTHENTICATED', 'Invalid token or not yet activated.');
    const time = now();
    if (time >= stored.expiresAt || time - stored.lastSeenAt > limits.idleTimeoutSeconds * 1000) {
      await store.delete(id);
      throw new AuthenticationError('ERR_EXPIRED', 'The session has expired.');
    }
    const apiKey = await this.#context.findApiKey(stored.apiKeyId);
    if (!apiKey?.active || apiKey.userId !== stored.userId) {
      await store.deleteMany({ apiKeyId: stored.apiKeyId });
      throw new AuthenticationError('ERR_REVOKED', 'The API key of this session has been revoked.');
    }
    let secrets: { sessionSecretKey: string; deviceFingerprint: string | null };
    try {
      secrets = openAtRest(stored.sealed, serverSecret, token, id) as typeof secrets;
    } catch {
      throw new AuthenticationError('ERR_UNAUTHENTICATED', 'Invalid token or not yet activated.');
    }
    const session = new ServerSession(
      stored,
      fromHex(secrets.sessionSecretKey, 'session key', KEY_BYTES),
      store,
      limits,
    );
    if (stored.validatorRequired) {
      try {
        checkValidator(
          request.validator,
          stored,
          session,
          secrets.deviceFingerprint,
          time,
          limits.validatorWindowSeconds,
        );
      } catch (error) {
        await store.delete(id);
        throw error;
      }
    }
    const path = request.path;
    if (
      stored.restrictToSecrets &&
      path !== LOGOUT_PATH &&
      !this.#allowRestricted(request.method, path)
    )
      throw new ForbiddenError('This API key is restricted to secrets');
    await store.touch(id, time);
    return session;
  }

  /**
   * Logs a session out (Psono's `POST /authentication/logout/`). With `data.session_id`, ends that
   * other session of the same user instead. Answers Psono's success object, to be sealed.
   * @throws {NotFoundError} `session_id` names no session of this user.
   */
  async logout(session: ServerSession, data?: unknown): Promise<{ success: string }> {
    const { store } = this.#context;
    const other = data === undefined ? undefined : expectObject(data, 'logout body').session_id;
    if (other !== undefined) {
      const target = typeof other === 'string' ? await store.get(other) : undefined;
      if (!target || target.userId !== session.summary.userId)
        throw new NotFoundError('No such session of this user');
      await store.delete(target.id);
    } else {
      await store.delete(session.summary.id);
    }
    return { success: 'Successfully logged out.' };
  }

  /** The live sessions of a user or of an API key (neither expired nor idle too long), oldest first. */
  async listSessions(filter: SessionFilter): Promise<SessionSummary[]> {
    const now = this.#context.now();
    const idleMs = this.limits.idleTimeoutSeconds * 1000;
    return (await this.#context.store.list(filter))
      .filter((s) => s.expiresAt > now && now - s.lastSeenAt <= idleMs)
      .map(summarize);
  }

  /** Ends the sessions of a user or of an API key (revocation); how many ended. */
  async endSessions(filter: SessionFilter): Promise<number> {
    return this.#context.store.deleteMany(filter);
  }

  /**
   * The answer for an error: its status and `{detail, code}`, sealed when a session is known and
   * the error is not an authentication failure. Unexpected errors become a 500 without detail.
   */
  answerError(error: unknown, session?: ServerSession): HttpAnswer {
    const known = error instanceof CryptoSessionError;
    const body: ErrorBody = known
      ? { detail: error.message, code: error.code }
      : { detail: 'Internal server error', code: 'ERR_INTERNAL' };
    const status = known ? error.status : 500;
    const sealed = session !== undefined && status !== 401;
    return {
      status,
      headers: { ...JSON_HEADERS },
      body: JSON.stringify(sealed ? session.seal(body) : body),
    };
  }

  /**
   * The whole pipeline for one HTTP request below the mount point: login, logout, and any other
   * path through `route` with the body opened and the answer sealed. Never throws.
   */
  async handle(request: HttpRequest, route?: Route): Promise<HttpAnswer> {
    if (request.method === 'POST' && request.path === LOGIN_PATH) {
      try {
        return {
          status: 200,
          headers: { ...JSON_HEADERS },
          body: JSON.stringify(await this.login(request.body)),
        };
      } catch (error) {
        return this.answerError(error);
      }
    }
    let session: ServerSession | undefined;
    try {
      session = await this.authenticate({
        authorization: request.headers.authorization,
        validator: request.headers['authorization-validator'],
        method: request.method,
        path: request.path,
      });
      const data = await session.open(request.body);
      const result =
        request.method === 'POST' && request.path === LOGOUT_PATH
          ? { data: await this.logout(session, data) }
          : await route?.(session, { method: request.method, path: request.path, data });
      if (result === undefined)
        throw new NotFoundError(`No route for ${request.method} ${request.path}`);
      return {
        status: result.status ?? 200,
        headers: { ...JSON_HEADERS },
        body: JSON.stringify(session.seal(result.data)),
      };
    } catch (error) {
      return this.answerError(error, session);
    }
  }
}

function readToken(header: string | undefined): string {
  const parts = (header ?? '').split(' ');
  if (parts.length !== 2 || parts[0]?.toLowerCase() !== 'token' || parts[1] === '')
    throw new AuthenticationError(
      'ERR_UNAUTHENTICATED',
      'Authentication credentials were not provided as "Token <token>".',
    );
  return parts[1] as string;
}

function fromHexSecret(text: string): Uint8Array {
  try {
    return fromHex(text, 'serverSecret');
  } catch {
    throw new RangeError('serverSecret must be hex text or bytes');
  }
}

/**
 * @packageDocumentation
 * Psono's API-key login and encrypted transport, both sides, byte-compatible with PyNaCl and
 * libsodium (crypto_box, crypto_secretbox, ed25519 built from `@noble/*`), and application
 * sessions stored by a hash of their token with their secrets sealed under HKDF(server secret,
 * token). PostgreSQL and Redis stores are in `@convene/crypto-session/postgres` and `/redis`; the
 * node:http adapter and the sealed file cache in `@convene/crypto-session/node`.
 */

/** Token hashing and sealing at rest. */
export { openAtRest, sealAtRest, sessionIdOf } from './at-rest.js';
/** The client: log in with an API key, pin the server key, reuse cached sessions. */
export { ApiKeyClient, type ApiKeyClientOptions } from './client/api-key-client.js';
/** A live client session: encrypted requests with downgrade and replay guards, logout. */
export {
  ClientSession,
  type ClientSessionOptions,
  type Method,
  type SessionState,
} from './client/client-session.js';
/** The client's login as composable steps. */
export {
  createLoginRequest,
  type LoginRequest,
  type LoginRequestOptions,
  openLoginResponse,
  openUserKeys,
  type UserKeys,
} from './client/login.js';
/** Client session cache engines. */
export { cacheKeyOf, MemorySessionCache, type SessionCache } from './client/session-cache.js';
/** JSON under a session key as `{text, nonce}`. */
export { openJson, sealJson } from './envelope.js';
/** Errors with stable codes. */
export {
  AuthenticationError,
  CryptoSessionError,
  type CryptoSessionErrorCode,
  DowngradeError,
  type ErrorBody,
  errorFromBody,
  ForbiddenError,
  HttpError,
  LimitExceededError,
  MalformedError,
  NotFoundError,
  ReplayError,
  STATUS_OF_CODE,
  TamperedError,
} from './errors.js';
/** Strict hex. */
export { fromHex, toHex } from './hex.js';
/** Limits and their defaults. */
export { DEFAULT_LIMITS, type Limits } from './limits.js';

/** NaCl primitives as libsodium computes them (tag || ciphertext layout). */
export {
  boxBeforeNm,
  boxKeyPair,
  boxOpen,
  boxPublicKey,
  boxSeal,
  KEY_BYTES,
  NONCE_BYTES,
  randomBytes,
  SIGNATURE_BYTES,
  secretboxOpen,
  secretboxSeal,
  sign,
  signPublicKey,
  TAG_BYTES,
  verify,
} from './nacl.js';
/** An API key as the server's lookup returns it. */
export type { ApiKeyRecord, FindApiKey } from './server/api-key.js';
/** The server: login, authenticate, open/seal, logout, session listing and revocation, `handle`. */
export {
  ApiKeyServer,
  type ApiKeyServerOptions,
  type HttpAnswer,
  type HttpRequest,
  type RequestCredentials,
  type Route,
  type RouteResult,
} from './server/api-key-server.js';
/** An authenticated request's session: `open` the body, `seal` the answer. */
export { ServerSession, type SessionSummary } from './server/server-session.js';
export { MemorySessionStore } from './store/memory.js';
/** The session store contract and the in-memory store. */
export type { SessionFilter, SessionStore, StoredSession } from './store/session-store.js';
/** The wire: paths, shapes and strict readers. */
export {
  type EncryptedBody,
  LOGIN_PATH,
  LOGOUT_PATH,
  type LoginInfo,
  type LoginInfoRequest,
  type LoginRequestBody,
  type LoginResponseBody,
  type LoginUser,
  readEncryptedBody,
  readLoginInfo,
  readLoginInfoRequest,
  readLoginRequest,
  readLoginResponse,
  VALIDATOR_HEADER,
} from './wire.js';

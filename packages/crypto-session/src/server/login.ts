// The server side of `POST /api-key/login/`: verify the client's signature over the exact text it
// sent, refuse replays, then box `login_info` to the client's session key and sign its hex text.
import { sealAtRest, sessionIdOf } from '../at-rest.js';
import { utf8 } from '../envelope.js';
import { AuthenticationError, ReplayError } from '../errors.js';
import { fromHex, keyBytes, toHex } from '../hex.js';
import { checkSize, type Limits } from '../limits.js';
import {
  boxSealEphemeral,
  KEY_BYTES,
  NONCE_BYTES,
  randomBytes,
  SIGNATURE_BYTES,
  sign,
  signPublicKey,
  verify,
} from '../nacl.js';
import { loginMemoryKey, type SessionStore, type StoredSession } from '../store/session-store.js';
import {
  type LoginInfo,
  type LoginResponseBody,
  parseJson,
  readLoginInfoRequest,
  readLoginRequest,
  readTime,
} from '../wire.js';
import type { ApiKeyRecord, FindApiKey } from './api-key.js';

/** Bytes of a token before hex (Psono's `os.urandom(64)`). */
export const TOKEN_BYTES = 64;

/** What a login step needs from the server holding it. */
export interface LoginContext {
  readonly signingSeed: Uint8Array;
  readonly serverSecret: Uint8Array;
  readonly findApiKey: FindApiKey;
  readonly store: SessionStore;
  readonly limits: Limits;
  readonly now: () => number;
}

// A verify key nobody holds the seed of: unknown key ids are checked against it, so that an
// unknown id and a wrong signature cost the same work and get the same answer.
let decoyVerifyKey: Uint8Array | undefined;
function decoy(): Uint8Array {
  decoyVerifyKey ??= signPublicKey(randomBytes(KEY_BYTES));
  return decoyVerifyKey;
}

function refused(): AuthenticationError {
  return new AuthenticationError(
    'ERR_LOGIN_REFUSED',
    'Login refused: unknown or inactive key, or a signature that does not verify',
  );
}

/**
 * Handles a login body (the raw JSON text) and answers Psono's login response.
 * @throws {MalformedError} bad JSON, field, hex, duration or low-order session key.
 * @throws {LimitExceededError} body or info too large.
 * @throws {AuthenticationError} `ERR_LOGIN_REFUSED`, the same for an unknown key, an inactive key and a wrong signature.
 * @throws {ReplayError} this key already logged in with this session public key.
 */
export async function acceptLogin(body: string, context: LoginContext): Promise<LoginResponseBody> {
  const { limits, now } = context;
  checkSize(utf8(body).length, limits, 'maxBodyBytes', 'login body');
  const request = readLoginRequest(parseJson(body, 'login request'));
  checkSize(utf8(request.info).length, limits, 'maxInfoBytes', 'login info');
  const info = readLoginInfoRequest(parseJson(request.info, 'info'));
  const signature = fromHex(request.signature, 'signature', SIGNATURE_BYTES);
  const clientPublicKey = fromHex(info.session_public_key, 'info.session_public_key', KEY_BYTES);
  const clientTime =
    info.device_time === undefined ? null : readTime(info.device_time, 'info.device_time');

  const apiKey = await context.findApiKey(info.api_key_id);
  const verifyKey = apiKey?.active ? keyBytes(apiKey.verifyKey, 'verifyKey', KEY_BYTES) : decoy();
  const valid = await verify(signature, utf8(request.info), verifyKey);
  if (!apiKey?.active || !valid) throw refused();

  const createdAt = now();
  const seconds = Math.min(
    info.session_duration ?? limits.defaultSessionSeconds,
    limits.maxSessionSeconds,
  );
  const expiresAt = createdAt + seconds * 1000;
  const replayUntil = createdAt + limits.maxSessionSeconds * 1000;
  if (
    !(await context.store.remember(loginMemoryKey(apiKey.id, info.session_public_key), replayUntil))
  )
    throw new ReplayError('This session public key has already been used to log in');

  const token = toHex(randomBytes(TOKEN_BYTES));
  const sessionSecretKey = randomBytes(KEY_BYTES);
  const loginInfo = buildLoginInfo(
    apiKey,
    token,
    toHex(sessionSecretKey),
    new Date(expiresAt).toISOString(),
  );
  const nonce = randomBytes(NONCE_BYTES);
  // Boxing first: a low-order client key fails here, before a session is stored.
  const server = await boxSealEphemeral(utf8(JSON.stringify(loginInfo)), nonce, clientPublicKey);
  const boxed = toHex(server.boxed);

  const id = sessionIdOf(token);
  const session: StoredSession = {
    id,
    userId: apiKey.userId,
    apiKeyId: apiKey.id,
    deviceDescription: info.device_description,
    createdAt,
    lastSeenAt: createdAt,
    expiresAt,
    clientTime,
    validatorRequired: info.device_time !== undefined || info.device_fingerprint !== undefined,
    restrictToSecrets: apiKey.restrictToSecrets,
    read: apiKey.read,
    write: apiKey.write,
    sealed: sealAtRest(
      {
        sessionSecretKey: toHex(sessionSecretKey),
        deviceFingerprint: info.device_fingerprint ?? null,
      },
      context.serverSecret,
      token,
      id,
    ),
  };
  // Signed on the platform while the session is stored. Started inside the awaited Promise.all,
  // after the store's call (which may throw at once), so neither failure can go unheard.
  const [, loginInfoSignature] = await Promise.all([
    context.store.insert(session),
    sign(utf8(boxed), context.signingSeed),
  ]);
  return {
    login_info: boxed,
    login_info_signature: toHex(loginInfoSignature),
    login_info_nonce: toHex(nonce),
    server_session_public_key: toHex(server.publicKey),
  };
}

function buildLoginInfo(
  apiKey: ApiKeyRecord,
  token: string,
  sessionSecretKey: string,
  validTill: string,
): LoginInfo {
  const { username, public_key } = apiKey.user;
  return {
    token,
    session_valid_till: validTill,
    session_secret_key: sessionSecretKey,
    api_key_restrict_to_secrets: apiKey.restrictToSecrets,
    api_key_allow_insecure_access: apiKey.allowInsecureAccess,
    api_key_read: apiKey.read,
    api_key_write: apiKey.write,
    user: apiKey.restrictToSecrets ? { username, public_key } : { ...apiKey.user },
  };
}

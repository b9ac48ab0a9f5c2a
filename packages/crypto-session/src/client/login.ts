// The client side of the login as composable steps: build and sign `info`, then check the
// server's signature over `login_info` before opening its box, then open the user's keys.
import { fromUtf8, utf8 } from '../envelope.js';
import { AuthenticationError } from '../errors.js';
import { fromHex, keyBytes, toHex } from '../hex.js';
import {
  boxKeyPair,
  boxOpen,
  KEY_BYTES,
  NONCE_BYTES,
  SIGNATURE_BYTES,
  secretboxOpen,
  sign,
  verify,
} from '../nacl.js';
import {
  type LoginInfo,
  type LoginInfoRequest,
  type LoginRequestBody,
  parseJson,
  readLoginInfo,
  readLoginResponse,
} from '../wire.js';

/** What the client puts in `info` besides its session key. */
export interface LoginRequestOptions {
  apiKeyId: string;
  /** The API key's ed25519 seed (`api_key_private_key`), hex or bytes. */
  apiKeyPrivateKey: string | Uint8Array;
  /** Shown in the user's session list. Default `Console Client`. */
  deviceDescription?: string;
  /** Seconds asked for; the server clamps it. */
  sessionDuration?: number;
  /** When set (with `deviceTime`), every request carries `Authorization-Validator`. */
  deviceFingerprint?: string;
  /** The client's clock at login; default now when `deviceFingerprint` is set. */
  deviceTime?: Date;
}

/** A signed login body and the session secret key that will open its answer. Keep the key private. */
export interface LoginRequest {
  body: LoginRequestBody;
  sessionSecretKey: Uint8Array;
  sessionPublicKey: string;
}

/**
 * Step 1: a fresh x25519 session key pair, the `info` JSON text and its ed25519 signature.
 * @throws {TypeError|RangeError} an API key of the wrong type or size.
 */
export function createLoginRequest(options: LoginRequestOptions): LoginRequest {
  const seed = keyBytes(options.apiKeyPrivateKey, 'apiKeyPrivateKey', KEY_BYTES);
  const pair = boxKeyPair();
  const info: LoginInfoRequest = {
    api_key_id: options.apiKeyId,
    session_public_key: toHex(pair.publicKey),
    device_description: options.deviceDescription ?? 'Console Client',
  };
  if (options.sessionDuration !== undefined) info.session_duration = options.sessionDuration;
  if (options.deviceFingerprint !== undefined) {
    info.device_fingerprint = options.deviceFingerprint;
    info.device_time = (options.deviceTime ?? new Date()).toISOString();
  } else if (options.deviceTime !== undefined) {
    info.device_time = options.deviceTime.toISOString();
  }
  const text = JSON.stringify(info);
  return {
    body: { info: text, signature: toHex(sign(utf8(text), seed)) },
    sessionSecretKey: pair.secretKey,
    sessionPublicKey: info.session_public_key,
  };
}

/**
 * Step 2: checks `login_info_signature` over the exact `login_info` hex text with the pinned
 * server verify key, and only then opens the box with the session secret key.
 * @throws {MalformedError} the answer's shape. @throws {AuthenticationError} `ERR_SIGNATURE_INVALID`.
 * @throws {TamperedError} the box does not open (changed bytes or another server session key).
 */
export function openLoginResponse(
  response: unknown,
  sessionSecretKey: Uint8Array,
  serverVerifyKey: string | Uint8Array,
): LoginInfo {
  const body = readLoginResponse(response);
  const verifyKey = keyBytes(serverVerifyKey, 'serverVerifyKey', KEY_BYTES);
  if (
    !verify(
      fromHex(body.login_info_signature, 'login_info_signature', SIGNATURE_BYTES),
      utf8(body.login_info),
      verifyKey,
    )
  )
    throw new AuthenticationError(
      'ERR_SIGNATURE_INVALID',
      'login_info is not signed by the pinned server key',
    );
  const plain = boxOpen(
    fromHex(body.login_info, 'login_info'),
    fromHex(body.login_info_nonce, 'login_info_nonce', NONCE_BYTES),
    fromHex(body.server_session_public_key, 'server_session_public_key', KEY_BYTES),
    sessionSecretKey,
    'login_info',
  );
  return readLoginInfo(parseJson(fromUtf8(plain, 'login_info'), 'login_info'));
}

/** The user's keys as hex text, opened with the API key's secret key. */
export interface UserKeys {
  privateKey: string;
  secretKey: string;
}

/**
 * Step 3 (unrestricted keys): opens the user's private and secret keys with `api_key_secret_key`.
 * `undefined` when the key is restricted (the server sent no user keys).
 * @throws {TamperedError} a wrong API secret key or changed bytes.
 */
export function openUserKeys(
  info: LoginInfo,
  apiKeySecretKey: string | Uint8Array,
): UserKeys | undefined {
  const { private_key, private_key_nonce, secret_key, secret_key_nonce } = info.user;
  if (!private_key || !private_key_nonce || !secret_key || !secret_key_nonce) return undefined;
  const key = keyBytes(apiKeySecretKey, 'apiKeySecretKey', KEY_BYTES);
  const open = (text: string, nonce: string, what: string) =>
    fromUtf8(
      secretboxOpen(fromHex(text, what), fromHex(nonce, `${what}_nonce`, NONCE_BYTES), key, what),
      what,
    );
  return {
    privateKey: open(private_key, private_key_nonce, 'user.private_key'),
    secretKey: open(secret_key, secret_key_nonce, 'user.secret_key'),
  };
}

// The JSON shapes Psono's API-key protocol puts on the wire, and strict readers for each: any
// input either becomes a typed value or a MalformedError naming the field, never a crash.
import { MalformedError } from './errors.js';
import { fromHex } from './hex.js';
import { KEY_BYTES, NONCE_BYTES, SIGNATURE_BYTES, TAG_BYTES } from './nacl.js';

/** Path of the login endpoint below the server URL. */
export const LOGIN_PATH = '/api-key/login/';
/** Path of the logout endpoint below the server URL. */
export const LOGOUT_PATH = '/authentication/logout/';
/** Name of the optional per-request header proving the device and the time. */
export const VALIDATOR_HEADER = 'Authorization-Validator';

/** Body of `POST /api-key/login/`: the `info` JSON text and its detached ed25519 signature in hex. */
export interface LoginRequestBody {
  info: string;
  signature: string;
}

/** What the client signs: the parsed `info` text. Snake case, as on the wire. */
export interface LoginInfoRequest {
  api_key_id: string;
  session_public_key: string;
  device_description: string;
  session_duration?: number;
  device_fingerprint?: string;
  device_time?: string;
}

/** The server's answer to a login: `login_info` boxed to the client's session key and signed. */
export interface LoginResponseBody {
  login_info: string;
  login_info_signature: string;
  login_info_nonce: string;
  server_session_public_key: string;
}

/** The user as `login_info` describes it; the key fields are absent for keys restricted to secrets. */
export interface LoginUser {
  username: string;
  public_key: string;
  private_key?: string;
  private_key_nonce?: string;
  secret_key?: string;
  secret_key_nonce?: string;
}

/** The plaintext of `login_info`, as Psono's `api_key_login` view writes it. */
export interface LoginInfo {
  token: string;
  session_valid_till: string;
  session_secret_key: string;
  api_key_restrict_to_secrets: boolean;
  api_key_allow_insecure_access: boolean;
  api_key_read: boolean;
  api_key_write: boolean;
  user: LoginUser;
}

/** A body encrypted under the session secret key: hex of `tag || ct` and of the 24-byte nonce. */
export interface EncryptedBody {
  text: string;
  nonce: string;
}

/** Validator plaintext of the `Authorization-Validator` header. */
export interface ValidatorPayload {
  request_time: string;
  request_device_fingerprint?: string;
}

/**
 * Parses JSON text met on the wire.
 * @throws {MalformedError} not JSON.
 */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedError(`${what} is not valid JSON`);
  }
}

/** @throws {MalformedError} not a plain JSON object. */
export function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MalformedError(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function stringField(
  object: Record<string, unknown>,
  field: string,
  what: string,
  max = 1024,
): string {
  const value = object[field];
  if (typeof value !== 'string') throw new MalformedError(`${what}.${field} must be a string`);
  if (value.length > max)
    throw new MalformedError(`${what}.${field} is longer than ${max} characters`);
  return value;
}

function optionalString(
  object: Record<string, unknown>,
  field: string,
  what: string,
): string | undefined {
  return object[field] === undefined || object[field] === null
    ? undefined
    : stringField(object, field, what);
}

function booleanField(object: Record<string, unknown>, field: string, what: string): boolean {
  const value = object[field];
  if (typeof value !== 'boolean')
    throw new MalformedError(`${what}.${field} must be true or false`);
  return value;
}

/** A hex field checked for its exact length (`bytes`) or as any even-length hex. */
function hexField(
  object: Record<string, unknown>,
  field: string,
  what: string,
  bytes?: number,
): string {
  const value = object[field];
  fromHex(value, `${what}.${field}`, bytes);
  return value as string;
}

/**
 * Reads `{info, signature}`.
 * @throws {MalformedError}
 */
export function readLoginRequest(value: unknown): LoginRequestBody {
  const body = expectObject(value, 'login request');
  const info = stringField(body, 'info', 'login request', Number.MAX_SAFE_INTEGER);
  const signature = hexField(body, 'signature', 'login request', SIGNATURE_BYTES);
  return { info, signature };
}

/**
 * Reads the `info` object the client signed. `session_duration` must be a non-negative integer;
 * `device_time` an ISO-8601 date.
 * @throws {MalformedError}
 */
export function readLoginInfoRequest(value: unknown): LoginInfoRequest {
  const info = expectObject(value, 'info');
  const request: LoginInfoRequest = {
    api_key_id: stringField(info, 'api_key_id', 'info', 128),
    session_public_key: hexField(info, 'session_public_key', 'info', KEY_BYTES),
    device_description: optionalString(info, 'device_description', 'info') ?? '',
  };
  const duration = info.session_duration;
  if (duration !== undefined && duration !== null) {
    if (typeof duration !== 'number' || !Number.isSafeInteger(duration) || duration < 0)
      throw new MalformedError('info.session_duration must be a non-negative integer of seconds');
    request.session_duration = duration;
  }
  const fingerprint = optionalString(info, 'device_fingerprint', 'info');
  if (fingerprint !== undefined) request.device_fingerprint = fingerprint;
  const time = optionalString(info, 'device_time', 'info');
  if (time !== undefined) {
    readTime(time, 'info.device_time');
    request.device_time = time;
  }
  return request;
}

/**
 * Milliseconds since the epoch of an ISO-8601 date.
 * @throws {MalformedError} not a date.
 */
export function readTime(text: string, what: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new MalformedError(`${what} must be an ISO-8601 date and time`);
  return ms;
}

/**
 * Reads the server's login answer.
 * @throws {MalformedError}
 */
export function readLoginResponse(value: unknown): LoginResponseBody {
  const body = expectObject(value, 'login response');
  const loginInfo = hexField(body, 'login_info', 'login response');
  if (loginInfo.length < TAG_BYTES * 2)
    throw new MalformedError('login response.login_info is shorter than a tag');
  return {
    login_info: loginInfo,
    login_info_signature: hexField(body, 'login_info_signature', 'login response', SIGNATURE_BYTES),
    login_info_nonce: hexField(body, 'login_info_nonce', 'login response', NONCE_BYTES),
    server_session_public_key: hexField(
      body,
      'server_session_public_key',
      'login response',
      KEY_BYTES,
    ),
  };
}

/**
 * Reads the decrypted `login_info`.
 * @throws {MalformedError}
 */
export function readLoginInfo(value: unknown): LoginInfo {
  const info = expectObject(value, 'login_info');
  const user = expectObject(info.user, 'login_info.user');
  const token = stringField(info, 'token', 'login_info', 1024);
  if (token.length === 0 || /[\s,]/.test(token))
    throw new MalformedError('login_info.token must be one word');
  readTime(stringField(info, 'session_valid_till', 'login_info'), 'login_info.session_valid_till');
  const loginUser: LoginUser = {
    username: stringField(user, 'username', 'login_info.user'),
    public_key: hexField(user, 'public_key', 'login_info.user', KEY_BYTES),
  };
  for (const [field, bytes] of [
    ['private_key', undefined],
    ['private_key_nonce', NONCE_BYTES],
    ['secret_key', undefined],
    ['secret_key_nonce', NONCE_BYTES],
  ] as const) {
    if (user[field] !== undefined && user[field] !== null)
      loginUser[field] = hexField(user, field, 'login_info.user', bytes);
  }
  return {
    token,
    session_valid_till: info.session_valid_till as string,
    session_secret_key: hexField(info, 'session_secret_key', 'login_info', KEY_BYTES),
    api_key_restrict_to_secrets: booleanField(info, 'api_key_restrict_to_secrets', 'login_info'),
    api_key_allow_insecure_access: booleanField(
      info,
      'api_key_allow_insecure_access',
      'login_info',
    ),
    api_key_read: booleanField(info, 'api_key_read', 'login_info'),
    api_key_write: booleanField(info, 'api_key_write', 'login_info'),
    user: loginUser,
  };
}

/**
 * Reads `{text, nonce}`: the nonce must be 24 bytes, the text at least a tag.
 * @throws {MalformedError}
 */
export function readEncryptedBody(value: unknown, what: string): EncryptedBody {
  const body = expectObject(value, what);
  const text = hexField(body, 'text', what);
  if (text.length < TAG_BYTES * 2)
    throw new MalformedError(`${what}.text is shorter than a Poly1305 tag`);
  return { text, nonce: hexField(body, 'nonce', what, NONCE_BYTES) };
}

/** Whether a parsed body has the `{text, nonce}` shape of an encrypted one. */
export function looksEncrypted(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'text' in value && 'nonce' in value;
}

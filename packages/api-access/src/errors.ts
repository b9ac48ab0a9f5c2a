// The errors this package throws: one base class whose `code` a caller can switch on, and one
// subclass per kind carrying what the caller needs to know.
import type { Limits } from './limits.js';

/** Stable codes of the errors this package throws. */
export type ApiAccessErrorCode =
  | 'ERR_INVALID_PERMISSION_MAP'
  | 'ERR_PERMISSION_MAP_READ'
  | 'ERR_LIMIT_EXCEEDED'
  | 'ERR_LOGIN_THROTTLED'
  | 'ERR_ACCESS_FILE_EDIT';

/**
 * The `code` of a throttled login, as rpc-core's `Authenticator` contract names it: rpc-core turns
 * an error with this code and a numeric `retryAfterMs` into its "limit exceeded" answer. Mirrored
 * here so that this package installs alone; a test pins it equal to rpc-core's constant.
 */
export const LOGIN_THROTTLED = 'ERR_LOGIN_THROTTLED';

/** Base class of every error thrown by `@convene/api-access`; switch on `code`. */
export class ApiAccessError extends Error {
  readonly code: ApiAccessErrorCode;

  constructor(code: ApiAccessErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Where in an api-access file a {@link PermissionMapError} was found. */
export interface PermissionMapLocation {
  /** The file, when the map was loaded from one. */
  readonly file?: string;
  /** Index of the `[user, entry]` pair in `permission_map`. */
  readonly index?: number;
  /** The user name of that pair, when it could be read. */
  readonly user?: string;
  /** The offending field, e.g. `password_salt_b64` or `password_hash_params.N`. */
  readonly field?: string;
}

/**
 * An api-access document that is not valid: wrong shape or type, unknown field, duplicate user,
 * bad base64, unusable hash parameters. The message names the entry index, the user and the field;
 * it never contains a hash, a salt or a password.
 */
export class PermissionMapError extends ApiAccessError {
  readonly file: string | undefined;
  readonly index: number | undefined;
  readonly user: string | undefined;
  readonly field: string | undefined;

  constructor(problem: string, at: PermissionMapLocation = {}) {
    super('ERR_INVALID_PERMISSION_MAP', `${describeLocation(at)}${problem}`);
    this.file = at.file;
    this.index = at.index;
    this.user = at.user;
    this.field = at.field;
  }
}

function describeLocation(at: PermissionMapLocation): string {
  const parts: string[] = [];
  if (at.file !== undefined) parts.push(at.file);
  if (at.index !== undefined) parts.push(`permission_map[${at.index}]`);
  if (at.user !== undefined) parts.push(`user ${JSON.stringify(at.user)}`);
  if (at.field !== undefined) parts.push(`field ${at.field}`);
  return parts.length === 0 ? '' : `${parts.join(', ')}: `;
}

/** An api-access file that could not be read (missing, unreadable, not a file). */
export class PermissionMapReadError extends ApiAccessError {
  readonly file: string;

  constructor(file: string, problem: string, options?: ErrorOptions) {
    super('ERR_PERMISSION_MAP_READ', `${file}: ${problem}`, options);
    this.file = file;
  }
}

/** Input beyond one of the {@link Limits}; `limit` names it, `max` is its value in force. */
export class LimitExceededError extends ApiAccessError {
  readonly limit: keyof Limits;
  readonly max: number;

  /** `what` says what went past the limit, e.g. `"/etc/api-access.json is larger"`. */
  constructor(limit: keyof Limits, max: number, what: string) {
    super('ERR_LIMIT_EXCEEDED', `${what} than the limit ${limit} (${max})`);
    this.limit = limit;
    this.max = max;
  }
}

/**
 * Too many failed logins for this user from this address, or from this address: try again after
 * `retryAfterMs`. Its `code` is {@link LOGIN_THROTTLED}, which rpc-core maps to its "limit
 * exceeded" error (-32002, HTTP 429).
 */
export class LoginThrottledError extends ApiAccessError {
  /** Milliseconds until a login attempt will be considered again. */
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number) {
    super(
      LOGIN_THROTTLED,
      `too many failed logins: retry after ${Math.ceil(retryAfterMs / 1000)} s`,
    );
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * An edit of an api-access file that was not made: the user to add is already listed, or the
 * user to change or delete is not (or `"*"` was named where a user is meant). The file is unchanged.
 */
export class AccessFileEditError extends ApiAccessError {
  /** The user name the edit was about. */
  readonly user: string;

  constructor(user: string, message: string) {
    super('ERR_ACCESS_FILE_EDIT', message);
    this.user = user;
  }
}

// The package's one error family: a stable `code` per failure, mapped to an HTTP status on the
// server and rebuilt from the wire on the client, never carrying a secret in its message.

/** Every code this package puts on the wire or throws. Codes never change between versions. */
export type CryptoSessionErrorCode =
  | 'ERR_MALFORMED'
  | 'ERR_LOGIN_REFUSED'
  | 'ERR_SIGNATURE_INVALID'
  | 'ERR_UNAUTHENTICATED'
  | 'ERR_EXPIRED'
  | 'ERR_REVOKED'
  | 'ERR_VALIDATOR'
  | 'ERR_REPLAYED'
  | 'ERR_TAMPERED'
  | 'ERR_FORBIDDEN'
  | 'ERR_NOT_FOUND'
  | 'ERR_UNENCRYPTED'
  | 'ERR_LIMIT_EXCEEDED'
  | 'ERR_HTTP'
  | 'ERR_INTERNAL';

/** The HTTP status the server answers with for each code. */
export const STATUS_OF_CODE: Readonly<Record<CryptoSessionErrorCode, number>> = Object.freeze({
  ERR_MALFORMED: 400,
  ERR_LOGIN_REFUSED: 400,
  ERR_SIGNATURE_INVALID: 400,
  ERR_UNAUTHENTICATED: 401,
  ERR_EXPIRED: 401,
  ERR_REVOKED: 401,
  ERR_VALIDATOR: 401,
  ERR_REPLAYED: 400,
  ERR_TAMPERED: 400,
  ERR_FORBIDDEN: 403,
  ERR_NOT_FOUND: 404,
  ERR_UNENCRYPTED: 502,
  ERR_LIMIT_EXCEEDED: 413,
  ERR_HTTP: 502,
  ERR_INTERNAL: 500,
});

const CODES = new Set(Object.keys(STATUS_OF_CODE));

/** Base of every error of the package. Switch on `code`; `status` is the HTTP status it maps to. */
export class CryptoSessionError extends Error {
  readonly code: CryptoSessionErrorCode;
  constructor(code: CryptoSessionErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
  /** The HTTP status a server answers with for this error. */
  get status(): number {
    return STATUS_OF_CODE[this.code];
  }
}

/** `ERR_MALFORMED`: input that is not the protocol's shape (JSON, field, hex, length, low-order key). */
export class MalformedError extends CryptoSessionError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_MALFORMED', message, options);
  }
}

/**
 * Who is speaking could not be established: `ERR_LOGIN_REFUSED` (unknown or inactive key, or a
 * wrong signature — deliberately indistinguishable), `ERR_SIGNATURE_INVALID` (the server's
 * signature over `login_info`), `ERR_UNAUTHENTICATED` (no or unknown token), `ERR_EXPIRED`,
 * `ERR_REVOKED` (the session's API key is gone or inactive), `ERR_VALIDATOR`
 * (`Authorization-Validator` missing, wrong or outside the time window; the session is ended).
 */
export class AuthenticationError extends CryptoSessionError {
  constructor(
    code:
      | 'ERR_LOGIN_REFUSED'
      | 'ERR_SIGNATURE_INVALID'
      | 'ERR_UNAUTHENTICATED'
      | 'ERR_EXPIRED'
      | 'ERR_REVOKED'
      | 'ERR_VALIDATOR',
    message: string,
  ) {
    super(code, message);
  }
}

/** `ERR_REPLAYED`: a login, request nonce or response nonce seen before. */
export class ReplayError extends CryptoSessionError {
  constructor(message: string) {
    super('ERR_REPLAYED', message);
  }
}

/** `ERR_TAMPERED`: a box or secretbox whose Poly1305 tag does not verify (wrong key or changed bytes). */
export class TamperedError extends CryptoSessionError {
  constructor(message: string) {
    super('ERR_TAMPERED', message);
  }
}

/** `ERR_FORBIDDEN`: the session's API key is restricted to secrets and the route is not one of them. */
export class ForbiddenError extends CryptoSessionError {
  constructor(message: string) {
    super('ERR_FORBIDDEN', message);
  }
}

/** `ERR_NOT_FOUND`: no route, or no such session of the caller's user. */
export class NotFoundError extends CryptoSessionError {
  constructor(message: string) {
    super('ERR_NOT_FOUND', message);
  }
}

/** `ERR_UNENCRYPTED` (client): a successful answer on a session arrived without encryption. */
export class DowngradeError extends CryptoSessionError {
  constructor(message: string) {
    super('ERR_UNENCRYPTED', message);
  }
}

/** `ERR_LIMIT_EXCEEDED`: an input larger than the limit named by `limit`. */
export class LimitExceededError extends CryptoSessionError {
  readonly limit: string;
  constructor(limit: string, max: number, what: string) {
    super('ERR_LIMIT_EXCEEDED', `${what} exceeds ${limit} = ${max}`);
    this.limit = limit;
  }
}

/**
 * `ERR_HTTP` (client): the server answered with a status or body outside the protocol;
 * `httpStatus` is the status received. Also the class of any code received from the server that
 * this version does not know.
 */
export class HttpError extends CryptoSessionError {
  readonly httpStatus: number;
  constructor(httpStatus: number, message: string, code: CryptoSessionErrorCode = 'ERR_HTTP') {
    super(code, message);
    this.httpStatus = httpStatus;
  }
}

/** Whether `value` is one of the package's error codes. */
export function isErrorCode(value: unknown): value is CryptoSessionErrorCode {
  return typeof value === 'string' && CODES.has(value);
}

/** The error body a server sends: `{ detail, code }` (Psono's `detail`, plus the stable code). */
export interface ErrorBody {
  detail: string;
  code: CryptoSessionErrorCode;
}

/** Rebuilds the typed error a server answered with (client side). */
export function errorFromBody(status: number, body: unknown): CryptoSessionError {
  const { code, detail } = (body ?? {}) as { code?: unknown; detail?: unknown };
  const message = typeof detail === 'string' ? detail.slice(0, 500) : `HTTP ${status}`;
  if (!isErrorCode(code)) return new HttpError(status, message);
  switch (code) {
    case 'ERR_MALFORMED':
      return new MalformedError(message);
    case 'ERR_LOGIN_REFUSED':
    case 'ERR_SIGNATURE_INVALID':
    case 'ERR_UNAUTHENTICATED':
    case 'ERR_EXPIRED':
    case 'ERR_REVOKED':
    case 'ERR_VALIDATOR':
      return new AuthenticationError(code, message);
    case 'ERR_REPLAYED':
      return new ReplayError(message);
    case 'ERR_TAMPERED':
      return new TamperedError(message);
    case 'ERR_FORBIDDEN':
      return new ForbiddenError(message);
    case 'ERR_NOT_FOUND':
      return new NotFoundError(message);
    default:
      return new HttpError(status, message, code);
  }
}

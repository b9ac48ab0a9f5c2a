// The errors @convene/oauth throws: one base class with a stable code, one subclass per kind.

/** Stable codes of every error this package throws; switch on `error.code`. */
export type OAuthErrorCode =
  | 'ERR_INVALID_ENCODING'
  | 'ERR_INVALID_KEY'
  | 'ERR_INSECURE_URL'
  | 'ERR_LIMIT_EXCEEDED'
  | 'ERR_NETWORK'
  | 'ERR_TIMEOUT'
  | 'ERR_INVALID_RESPONSE'
  | 'ERR_OAUTH_RESPONSE'
  | 'ERR_AUTHORIZATION_RESPONSE'
  | CallbackErrorCode;

/** Base class of every error thrown by `@convene/oauth`; `code` says which kind. */
export class OAuthError extends Error {
  readonly code: OAuthErrorCode;

  constructor(code: OAuthErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A string cannot be percent-encoded (RFC 5849 §3.6): it holds a lone UTF-16 surrogate. */
export class EncodingError extends OAuthError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_INVALID_ENCODING', message, options);
  }
}

/** An RSA-SHA1 private key is not a PKCS #8 PEM WebCrypto can import (RFC 5849 §3.4.3). */
export class KeyError extends OAuthError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_INVALID_KEY', message, options);
  }
}

/** A request would go over plain http to a host that is not loopback (RFC 9700 §2.6). */
export class InsecureUrlError extends OAuthError {
  /** The refused URL, without query or fragment. */
  readonly url: string;

  constructor(url: string, message: string) {
    super('ERR_INSECURE_URL', message);
    this.url = url;
  }
}

/** A bound of {@link Limits} was passed; `limit` names it. */
export class LimitExceededError extends OAuthError {
  /** The name of the limit, e.g. `maxResponseBytes`. */
  readonly limit: string;

  constructor(limit: string, message: string) {
    super('ERR_LIMIT_EXCEEDED', message);
    this.limit = limit;
  }
}

/** The server could not be reached (`ERR_NETWORK`) or did not answer in time (`ERR_TIMEOUT`). */
export class TransportError extends OAuthError {
  constructor(code: 'ERR_NETWORK' | 'ERR_TIMEOUT', message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/**
 * A server's response does not conform: wrong status, not JSON or form data, a required field
 * missing or of the wrong type (`ERR_INVALID_RESPONSE`), or discovery metadata naming another
 * issuer (`ERR_ISSUER_MISMATCH`, RFC 8414 §3.3).
 */
export class ResponseError extends OAuthError {
  /** The HTTP status of the response. */
  readonly status: number;

  constructor(
    code: 'ERR_INVALID_RESPONSE' | 'ERR_ISSUER_MISMATCH',
    status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
    this.status = status;
  }
}

/**
 * A server answered with an OAuth error body (RFC 6749 §5.2, or an OAuth 1.0a provider's
 * `error`/`oauth_problem` form): `error` and `errorDescription` are the server's.
 */
export class OAuthResponseError extends OAuthError {
  /** The HTTP status of the response. */
  readonly status: number;
  /** The server's error code, e.g. `invalid_grant`. */
  readonly error: string;
  /** The server's human-readable description, when it sent one. */
  readonly errorDescription: string | undefined;
  /** Every field of the error body as parsed. */
  readonly fields: Readonly<Record<string, unknown>>;

  constructor(
    status: number,
    error: string,
    errorDescription: string | undefined,
    fields: Readonly<Record<string, unknown>>,
  ) {
    super(
      'ERR_OAUTH_RESPONSE',
      `the server answered ${status} ${error}${errorDescription ? `: ${errorDescription}` : ''}`,
    );
    this.status = status;
    this.error = error;
    this.errorDescription = errorDescription;
    this.fields = fields;
  }
}

/**
 * The authorization server sent the user back with an error instead of a grant (RFC 6749
 * §4.1.2.1), e.g. `access_denied` when the user said no.
 */
export class AuthorizationResponseError extends OAuthError {
  /** The `error` parameter of the callback, e.g. `access_denied`. */
  readonly error: string;
  /** The `error_description` parameter, when present. */
  readonly errorDescription: string | undefined;
  /** The `error_uri` parameter, when present. */
  readonly errorUri: string | undefined;

  constructor(error: string, errorDescription: string | undefined, errorUri: string | undefined) {
    super(
      'ERR_AUTHORIZATION_RESPONSE',
      `the authorization server returned ${error}${errorDescription ? `: ${errorDescription}` : ''}`,
    );
    this.error = error;
    this.errorDescription = errorDescription;
    this.errorUri = errorUri;
  }
}

/** Codes of {@link CallbackError}. */
export type CallbackErrorCode =
  | 'ERR_STATE_MISMATCH'
  | 'ERR_ISSUER_MISMATCH'
  | 'ERR_ISSUER_MISSING'
  | 'ERR_TOKEN_MISMATCH'
  | 'ERR_CALLBACK_NOT_CONFIRMED'
  | 'ERR_TRANSACTION_EXPIRED'
  | 'ERR_MALFORMED_CALLBACK'
  | 'ERR_MISSING_PARAMETER'
  | 'ERR_DUPLICATE_PARAMETER'
  | 'ERR_UNSUPPORTED_RESPONSE';

/**
 * A redirect back from the server, or a temporary-credentials response, fails a check that
 * guards against forgery and mix-up (RFC 6749 §10.12, RFC 9207 §2.4, RFC 9700 §4.4, RFC 5849
 * §2.1–2.2): wrong or missing `state` or `iss`, an `oauth_token` that was not issued, a
 * transaction too old, a callback URL that does not parse, a parameter missing or sent twice, or
 * implicit-flow parameters.
 */
export class CallbackError extends OAuthError {
  /** The parameter at fault, e.g. `state`, `iss`, `oauth_token`. */
  readonly parameter: string;

  constructor(code: CallbackErrorCode, parameter: string, message: string) {
    super(code, message);
    this.parameter = parameter;
  }
}

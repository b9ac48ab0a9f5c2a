// JSON-RPC error codes by name, and the one error class of rpc-core with its kinds.

/**
 * The error codes rpc-core puts on the wire. The first five are JSON-RPC 2.0's own
 * (https://www.jsonrpc.org/specification#error_object); the rest are server-defined codes in the
 * reserved block -32000…-32099.
 */
export const ErrorCode = {
  /** The text is not JSON, or nests deeper than `maxDepth`. */
  ParseError: -32700,
  /** The JSON is not a JSON-RPC request (wrong shape, bad `id`, bad `jsonrpc`, empty batch). */
  InvalidRequest: -32600,
  /** Unknown method, unknown API name or unknown API id. */
  MethodNotFound: -32601,
  /** Arguments of the wrong count, type or shape; named params. */
  InvalidParams: -32602,
  /** A handler failed unexpectedly. Nothing about the failure reaches the client. */
  InternalError: -32603,
  /** The server is shutting down. */
  ServerClosing: -32000,
  /** The connection's grant does not include the API. */
  Unauthorized: -32001,
  /** A limit was exceeded (batch length, login throttling, …). */
  LimitExceeded: -32002,
  /** Reserved for "too many connections or requests in flight"; not sent by this version. */
  Overloaded: -32003,
  /** The request did not finish within `requestTimeoutMs`. */
  Timeout: -32004,
  /** Client side: the connection closed before the answer arrived. */
  ConnectionClosed: -32005,
} as const;

/**
 * A JSON-RPC error code: one of {@link ErrorCode}, or an application's own (JSON-RPC 2.0 leaves
 * every integer outside -32768…-32000 to applications).
 */
export type RpcErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode] | (number & {});

/**
 * The one error class of rpc-core. `code` is the JSON-RPC error code that travels on the wire
 * (see {@link ErrorCode}; a number, as JSON-RPC and every peer client define it), `data` the
 * optional structured detail. Throw it from a handler to send exactly this code, message and data;
 * the client rejects with it, or with the subclass of its code, when an error answer arrives.
 */
export class RpcError extends Error {
  readonly code: RpcErrorCode;
  readonly data: unknown;

  constructor(code: RpcErrorCode, message: string, data?: unknown, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.data = data;
  }

  /** The `error` member of a JSON-RPC response for this error. */
  toJSON(): { code: number; message: string; data?: unknown } {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/** The base of an error kind: an RpcError whose code is fixed. */
function kind(code: number): new (message: string, data?: unknown) => RpcError {
  return class extends RpcError {
    constructor(message: string, data?: unknown) {
      super(code, message, data);
    }
  };
}

/** -32602: the arguments are wrong; the message names the argument or field. */
export class InvalidParamsError extends kind(ErrorCode.InvalidParams) {}

/** -32601: no such method, API name or API id. */
export class MethodNotFoundError extends kind(ErrorCode.MethodNotFound) {}

/** -32001: the connection is not granted the API. */
export class UnauthorizedError extends kind(ErrorCode.Unauthorized) {}

/**
 * -32002: a limit was exceeded. `limit` names it (a key of {@link Limits} such as `maxBatchLength`,
 * or `loginAttempts` for a throttled login); `data` carries `{ limit, [limit]: value }` or
 * `{ limit, retryAfterMs }`.
 */
export class LimitExceededError extends kind(ErrorCode.LimitExceeded) {
  /** The name of the limit, when the error (or the answer it came from) says it. */
  readonly limit: string | undefined;

  constructor(message: string, data?: unknown) {
    super(message, data);
    const limit = (data as { limit?: unknown } | null | undefined)?.limit;
    this.limit = typeof limit === 'string' ? limit : undefined;
  }

  /** The error for `limit` (a key of {@link Limits}) at `value`, saying both in message and data. */
  static of(limit: string, value: number, message: string): LimitExceededError {
    return new LimitExceededError(`${message} exceeds ${limit} ${value}`, {
      limit,
      [limit]: value,
    });
  }
}

/** -32004: the request took longer than allowed (server) or got no answer in time (client). */
export class RpcTimeoutError extends kind(ErrorCode.Timeout) {}

/** -32005 (client side): the connection closed before the answer arrived. */
export class ConnectionClosedError extends kind(ErrorCode.ConnectionClosed) {}

/** The error a throttled login becomes, on HTTP, on WebSocket upgrades and in `login`. */
export const loginThrottledError = (retryAfterMs: number): LimitExceededError =>
  new LimitExceededError('Too many failed logins: try again later', {
    limit: 'loginAttempts',
    retryAfterMs,
  });

const byCode = new Map<number, new (message: string, data?: unknown) => RpcError>([
  [ErrorCode.InvalidParams, InvalidParamsError],
  [ErrorCode.MethodNotFound, MethodNotFoundError],
  [ErrorCode.Unauthorized, UnauthorizedError],
  [ErrorCode.LimitExceeded, LimitExceededError],
  [ErrorCode.Timeout, RpcTimeoutError],
  [ErrorCode.ConnectionClosed, ConnectionClosedError],
]);

/** Rebuilds an error received on the wire as the matching class (RpcError for other codes). */
export function errorFromWire(error: unknown): RpcError {
  const { code, message, data } = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
    data?: unknown;
  };
  const numeric = typeof code === 'number' ? code : ErrorCode.InternalError;
  const text = typeof message === 'string' ? message : 'Error without a message';
  const Kind = byCode.get(numeric);
  return Kind ? new Kind(text, data) : new RpcError(numeric, text, data);
}

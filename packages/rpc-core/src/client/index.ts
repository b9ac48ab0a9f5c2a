// The client's public door: what a browser bundle of rpc-core holds (no server, no Node module).
/**
 * `@convene/rpc-core/client`: the client alone, over HTTP and WebSocket. In a browser bundle the
 * package's main entry is this one too, on the platform's `WebSocket` and `fetch`.
 *
 * @module client
 */

/** The error codes on the wire, the error class and its kinds. */
export {
  ConnectionClosedError,
  ErrorCode,
  errorFromWire,
  InvalidParamsError,
  LimitExceededError,
  MethodNotFoundError,
  RpcError,
  type RpcErrorCode,
  RpcTimeoutError,
  UnauthorizedError,
} from '../errors.js';
/** Reconnection settings of the WebSocket client. */
export type { ReconnectOptions } from './backoff.js';
/** The client over HTTP and WebSocket, with typed proxies. */
export { RpcClient, type RpcClientOptions, type Subscription } from './client.js';
/** The bounds of the client on what the server sends, and their defaults. */
export { type ClientLimits, DEFAULT_CLIENT_LIMITS } from './limits.js';
/** The typed view of an API that `client.api<T>(name)` returns. */
export type { ApiProxy } from './proxy.js';

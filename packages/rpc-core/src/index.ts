/** A connection, a handler's context, handlers and schema-checked methods. */
export type {
  ApiHandlers,
  ApiMethods,
  CallContext,
  Connection,
  Handler,
  ValidatedMethod,
} from './api.js';
/** Builds a method whose arguments a Standard Schema (zod, valibot, arktype…) checks first. */
export { validated } from './api.js';
/** The Authenticator contract, its Grant and PeerInfo, and the throttling error it may throw. */
export type {
  Authenticator,
  BasicCredentials,
  Grant,
  LoginThrottled,
  PeerInfo,
} from './auth.js';
/** The permission rule, an authenticator for everyone, Basic credentials, the throttling code. */
export {
  isAllowed,
  isLoginThrottled,
  LOGIN_THROTTLED,
  openAccess,
  parseBasicAuth,
  permissionFor,
} from './auth.js';
/** Reconnection settings of the WebSocket client. */
export type { ReconnectOptions } from './client/backoff.js';
/** The client over HTTP (keep-alive) and WebSocket (pipelining, reconnect), with typed proxies. */
export { RpcClient, type RpcClientOptions, type Subscription } from './client/client.js';
/** The typed view of an API that `client.api<T>(name)` returns. */
export type { ApiProxy } from './client/proxy.js';
/** The grant of an HTTP request of your own routes, decided as for JSON-RPC requests. */
export { authenticateRequest } from './connect-auth.js';
/** The error codes on the wire, the error class and its kinds. */
export {
  ConnectionClosedError,
  ErrorCode,
  errorFromWire,
  InvalidParamsError,
  LimitExceededError,
  MethodNotFoundError,
  RpcError,
  RpcTimeoutError,
  UnauthorizedError,
} from './errors.js';
/** Observability hooks: calls with duration and outcome, connections opening and closing. */
export type { CallInfo, CallOutcome, RpcHooks } from './hooks.js';
/** A `node:http` server with rpc-core's limits, listening on it, and the URL of an address. */
export { addressUrl, createHttpServer, type ListenAddress, listenOn } from './http-server.js';
/** The limits of a server and their defaults. */
export { DEFAULT_LIMITS, type Limits } from './limits.js';
/** The server: APIs by name, HTTP and WebSocket on one port. */
export { RpcServer, type RpcServerOptions } from './server.js';
/** The API ids every connection starts with: 0 = `database`, 1 = `login`. */
export { DATABASE_API_ID, LOGIN_API_ID } from './session.js';
/** The Standard Schema v1 types that method validation accepts. */
export type {
  StandardSchemaIssue,
  StandardSchemaResult,
  StandardSchemaV1,
} from './standard-schema.js';

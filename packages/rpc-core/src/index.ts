/**
 * A JSON-RPC 2.0 server and client with the conventions of the Graphene/BitShares node API:
 * numbered API sets per connection (0 = `database`, 1 = `login`), `call [api, method, args]`, a
 * login API backed by an {@link Authenticator}, server push notices, HTTP and WebSocket on one port,
 * and documented {@link Limits} on everything that comes from outside.
 *
 * The server is {@link RpcServer}; the client is {@link RpcClient}. The steps the server takes
 * ({@link authenticateRequest}, {@link createHttpServer}, {@link listenOn}) are exported for
 * applications that run their own `node:http` server or routes beside JSON-RPC.
 *
 * @packageDocumentation
 */
/** A connection, a handler's context, handlers and schema-checked methods; the fixed API ids. */
export type {
  ApiHandlers,
  ApiMethods,
  CallContext,
  Connection,
  Handler,
  ValidatedMethod,
} from './api.js';
/** Builds a method whose arguments a Standard Schema (zod, valibot, arktype…) checks first. */
/** The API ids every connection starts with: 0 = `database`, 1 = `login`. */
export { DATABASE_API_ID, LOGIN_API_ID, validated } from './api.js';
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
} from './errors.js';
/** The limits of a server and their defaults. */
export { DEFAULT_LIMITS, type Limits } from './limits.js';
/** Observability hooks: calls with duration and outcome, connections opening and closing. */
export type { CallInfo, CallOutcome, RpcHooks } from './server/hooks.js';
/** A `node:http` server with rpc-core's limits, listening on it, and the URL of an address. */
export {
  addressUrl,
  createHttpServer,
  type ListenAddress,
  listenOn,
} from './server/http-server.js';
/** The grant of an HTTP request of your own routes, decided as for JSON-RPC requests. */
export { authenticateRequest } from './server/request-grant.js';
/** The server: APIs by name, HTTP and WebSocket on one port. */
export { RpcServer, type RpcServerOptions } from './server/server.js';
/** The Standard Schema v1 types that method validation accepts. */
export type {
  StandardSchemaIssue,
  StandardSchemaResult,
  StandardSchemaV1,
} from './standard-schema.js';

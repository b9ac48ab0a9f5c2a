// The contract of a server's APIs: connections, call contexts, handlers and the fixed API ids.
import type { Grant } from './auth.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/** The id of the `database` API on every connection (Graphene registers it first). */
export const DATABASE_API_ID = 0;
/** The id of the login API on every connection; `login()` without arguments returns it. */
export const LOGIN_API_ID = 1;

/** One client connection: a WebSocket, or a single HTTP request. */
export interface Connection {
  /** Unique per server, counting up from 1. */
  readonly id: number;
  readonly transport: 'http' | 'ws';
  readonly remoteAddress: string;
  /** The grant in force now (it changes with login and logout). */
  readonly grant: Grant | null;
  /** False once the connection has closed. */
  readonly open: boolean;
  /**
   * Bytes of answers and notices produced for this connection and not yet written to its socket
   * (bounded by `maxBufferedBytesPerConnection`).
   */
  readonly bufferedBytes: number;
  /**
   * Sends `{"jsonrpc":"2.0","method":"notice","params":[callbackId,[data]]}` on this WebSocket.
   * Returns false when it cannot: closed, an HTTP connection, or a client that has not read
   * `maxBufferedBytesPerConnection` of earlier answers and notices (the notice is dropped).
   */
  notify(callbackId: number | string, data: unknown): boolean;
  /** Closes the connection (a WebSocket with `code`, default 1000); HTTP answers are not cut short. */
  close(code?: number, reason?: string): void;
  /** Runs `listener` once when the connection closes (at once if it already has). */
  onClose(listener: () => void): void;
}

/** What a handler gets besides its arguments. */
export interface CallContext {
  readonly connection: Connection;
  /** The logged-in user, null when anonymous. */
  readonly user: string | null;
  /** Aborts when the request times out or its connection closes. */
  readonly signal: AbortSignal;
  /** Shorthand for `connection.notify`. */
  notify(callbackId: number | string, data: unknown): boolean;
}

/** A method: positional arguments in, a JSON value (or a promise of one) out. */
export type Handler<Args extends readonly unknown[] = unknown[], Result = unknown> = (
  args: Args,
  ctx: CallContext,
) => Result | Promise<Result>;

/** A method whose arguments are checked by a Standard Schema first (zod, valibot, arktype, …). */
export interface ValidatedMethod<Args extends readonly unknown[] = unknown[], Result = unknown> {
  /** Schema of the whole argument array; its issues become -32602 naming the path. */
  readonly params: StandardSchemaV1<unknown, Args>;
  readonly handler: Handler<Args, Result>;
}

/** The methods of one API, by name. */
export type ApiMethods = Record<
  string,
  // biome-ignore lint/suspicious/noExplicitAny: handlers declare their own argument tuples
  Handler<any, unknown> | ValidatedMethod<any, unknown>
>;

/** Builds a method whose arguments a Standard Schema checks before `handler` runs. */
export function validated<Args extends readonly unknown[], Result>(
  params: StandardSchemaV1<unknown, Args>,
  handler: Handler<Args, Result>,
): ValidatedMethod<Args, Result> {
  return { params, handler };
}

/**
 * The handlers that implement an API declared as an interface of plain functions, the same
 * interface the client's `api<T>()` proxy takes: each method gets its parameters as a tuple.
 * `const db: ApiHandlers<DatabaseApi> = { get_accounts: ([ids]) => … }`.
 */
export type ApiHandlers<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? Handler<A, Awaited<R>> | ValidatedMethod<A, Awaited<R>>
    : never;
};

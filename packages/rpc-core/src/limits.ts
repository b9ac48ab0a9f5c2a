// The bounds a server puts on what comes from outside, their defaults, and how overrides apply.

/** Every bound the server puts on what comes from outside. All sizes in bytes, all times in ms. */
export interface Limits {
  /** Largest HTTP request body; larger bodies get HTTP 413. Default 1 MiB. */
  readonly maxBodyBytes: number;
  /** Largest WebSocket message; larger ones close the socket with code 1009. Default 1 MiB. */
  readonly maxMessageBytes: number;
  /** Deepest nesting of arrays and objects in a message; deeper is a -32700. Default 64. */
  readonly maxDepth: number;
  /** Most requests in one batch; more is one -32002 answer. Default 100. */
  readonly maxBatchLength: number;
  /** Most open WebSocket connections; more are refused with HTTP 503 at the upgrade. Default 10,000. */
  readonly maxConnections: number;
  /**
   * Most open TCP connections, HTTP and WebSocket together, on a server that {@link RpcServer.listen}
   * made (it becomes node:http's `server.maxConnections`, which counts upgraded sockets too): Node
   * closes connections beyond it at once, before reading them. Bounds keep-alive HTTP connections,
   * which `maxConnections` does not count. Default: `maxConnections` + 1,000 (11,000). On a server
   * given to `attach()`, set its `maxConnections` yourself.
   */
  readonly maxSockets: number;
  /**
   * Most open TCP connections (HTTP and WebSocket) from one remote address; beyond it a new
   * connection is closed at once, unread, so one host cannot take every slot. Behind a reverse
   * proxy every client has the proxy's address: raise it there (Infinity: no bound). Default 1,000.
   */
  readonly maxConnectionsPerAddress: number;
  /**
   * Time for a client to send the complete headers of a request (or of a WebSocket upgrade); a
   * slower one gets 408 and is closed (slowloris). Checked about every quarter of it, at most
   * every second. It is node:http's `headersTimeout`, set by `listen()` and `createHttpServer()`.
   * Default 10,000.
   */
  readonly headersTimeoutMs: number;
  /**
   * Most requests of one WebSocket connection in flight (running or with an answer the client has
   * not read yet). At this bound the server stops reading the socket until answers drain. Default 64.
   */
  readonly maxPendingPerConnection: number;
  /**
   * Largest answer to one request, in bytes of JSON; a larger result is answered with a -32002
   * naming this limit instead (also over HTTP). Default 16 MiB.
   */
  readonly maxAnswerBytes: number;
  /**
   * Largest sum of the answers to one batch; the answers that would pass it are -32002 errors
   * naming this limit, in the order they finish. Default 16 MiB.
   */
  readonly maxBatchAnswerBytes: number;
  /**
   * Bytes of answers and notices a WebSocket client has not read yet (produced but not flushed to
   * the socket). At this bound the server stops reading the connection; an answer that would pass
   * it becomes a -32002 naming this limit, and a notice is not sent (`notify` returns false). One
   * answer larger than the bound still goes out when nothing else is buffered. Default 16 MiB.
   */
  readonly maxBufferedBytesPerConnection: number;
  /** A request still running after this gets -32004 and its `signal` aborts. Default 30,000. */
  readonly requestTimeoutMs: number;
  /** A WebSocket that sends nothing, not even a ping, for this long is closed (0: never). Default 120,000. */
  readonly idleTimeoutMs: number;
  /**
   * A WebSocket that sends no message and gets no notice for this long is closed even if it pings
   * (its pings keep it open only so long; 0: never). Default 3,600,000 (one hour).
   */
  readonly pingIdleTimeoutMs: number;
  /**
   * Time to receive one WebSocket message once its first byte arrived (all its fragments); a
   * connection that takes longer is dropped (0: no bound). Not counted while the server itself
   * stops reading for backpressure. Default 30,000.
   */
  readonly messageTimeoutMs: number;
  /** Interval of WebSocket pings; a peer that misses one pong is dropped (0: no pings). Default 30,000. */
  readonly pingIntervalMs: number;
  /** How long `close()` waits for requests in flight before dropping connections. Default 10,000. */
  readonly closeTimeoutMs: number;
}

/** The defaults of {@link Limits}. */
export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxBodyBytes: 1024 * 1024,
  maxMessageBytes: 1024 * 1024,
  maxDepth: 64,
  maxBatchLength: 100,
  maxConnections: 10_000,
  maxSockets: 11_000,
  maxConnectionsPerAddress: 1_000,
  headersTimeoutMs: 10_000,
  maxPendingPerConnection: 64,
  maxAnswerBytes: 16 * 1024 * 1024,
  maxBatchAnswerBytes: 16 * 1024 * 1024,
  maxBufferedBytesPerConnection: 16 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 120_000,
  pingIdleTimeoutMs: 3_600_000,
  messageTimeoutMs: 30_000,
  pingIntervalMs: 30_000,
  closeTimeoutMs: 10_000,
});

/** Default room for HTTP connections in {@link Limits.maxSockets}, beyond `maxConnections`. */
const HTTP_SOCKETS_BESIDE_WEBSOCKETS = 1000;

/**
 * {@link DEFAULT_LIMITS} with `overrides` applied; `maxSockets` defaults to `maxConnections` +
 * 1,000 (room for HTTP connections beside the WebSockets) unless given.
 *
 * @throws {RangeError} when a limit is not a number >= 0.
 */
export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !(value >= 0)) {
      throw new RangeError(`Limit ${name} must be a number >= 0, got ${String(value)}`);
    }
  }
  return Object.freeze({
    ...limits,
    maxSockets: overrides.maxSockets ?? limits.maxConnections + HTTP_SOCKETS_BESIDE_WEBSOCKETS,
  });
}

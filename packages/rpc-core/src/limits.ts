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
   * Most requests of one WebSocket connection in flight (running or with an answer the client has
   * not read yet). At this bound the server stops reading the socket until answers drain. Default 64.
   */
  readonly maxPendingPerConnection: number;
  /** A request still running after this gets -32004 and its `signal` aborts. Default 30,000. */
  readonly requestTimeoutMs: number;
  /** A WebSocket that sends nothing for this long is closed (0: never). Default 120,000. */
  readonly idleTimeoutMs: number;
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
  maxPendingPerConnection: 64,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 120_000,
  pingIntervalMs: 30_000,
  closeTimeoutMs: 10_000,
});

/** Default room for HTTP connections in {@link Limits.maxSockets}, beyond `maxConnections`. */
const HTTP_SOCKETS_BESIDE_WEBSOCKETS = 1000;

/**
 * {@link DEFAULT_LIMITS} with `overrides` applied; `maxSockets` defaults to `maxConnections` +
 * 1,000 (room for HTTP connections beside the WebSockets) unless given.
 */
export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  return Object.freeze({
    ...limits,
    maxSockets: overrides.maxSockets ?? limits.maxConnections + HTTP_SOCKETS_BESIDE_WEBSOCKETS,
  });
}

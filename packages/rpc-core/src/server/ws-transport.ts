// JSON-RPC over WebSocket: the authenticated upgrade, then one session read with backpressure.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { corkUntilNextTick } from '../cork.js';
import type { Limits } from '../limits.js';
import type { Dispatcher, DispatchResult } from './dispatch.js';
import { runHook } from './hooks.js';
import type { TransportHost } from './host.js';
import { InFlight } from './in-flight.js';
import {
  type ConnectGrant,
  type ConnectRefusal,
  grantAtConnect,
  isRefusal,
  peerOf,
} from './request-grant.js';
import { Session } from './session.js';

const OPEN = 1;
/** ws sends a Buffer as a binary frame unless told otherwise; answers are JSON text. */
const TEXT_FRAME = { binary: false } as const;

/** The part of ws's frame reader that tells whether a message is partly received. */
interface FrameReader {
  /** The opcode of a fragmented message in progress, 0 when none. */
  _fragmented?: unknown;
  /** Bytes of a frame received but not complete yet. */
  _bufferedBytes?: unknown;
}

/**
 * Whether `ws` holds part of a message: fragments of an unfinished message or part of a frame.
 * ws keeps this in its receiver and offers no public handle on it (as with `_socket` in cork.ts),
 * so every field is checked; a ws without them is never seen as receiving, and the limit's test
 * fails if ws changes.
 */
function receiving(ws: WebSocket): boolean {
  const reader = (ws as unknown as { _receiver?: FrameReader | null })._receiver;
  if (reader == null) return false;
  const fragmented = reader._fragmented;
  const buffered = reader._bufferedBytes;
  return (
    (typeof fragmented === 'number' && fragmented !== 0) ||
    (typeof buffered === 'number' && buffered > 0)
  );
}

/** The server as the WebSocket transport sees it. */
export interface WsHost extends TransportHost {
  readonly wss: WebSocketServer;
  /** The open WebSockets; a connection is in it from its opening to its close. */
  readonly sockets: Set<WsConnection>;
  /** Sockets whose upgrade is being authenticated. */
  readonly upgrades: Set<Duplex>;
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  421: 'Misdirected Request',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Answers an upgrade request with an HTTP error and closes the socket. */
function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `${status === 401 ? 'WWW-Authenticate: Basic realm="rpc"\r\n' : ''}\r\n${body}`,
  );
}

/**
 * Serves one upgrade request: refuses it when the server is closing or full, logs it in with its
 * Basic credentials, then opens the WebSocket and its session.
 */
export function serveUpgrade(
  host: WsHost,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): void {
  // Node's HTTP server stops listening for socket errors before 'upgrade'; a reset while the
  // credentials are checked (or a refusal is written) would be an uncaught ECONNRESET.
  const onError = (): void => {
    socket.destroy();
  };
  socket.on('error', onError);
  const { maxConnections } = host.limits;
  const full = host.sockets.size + host.upgrades.size >= maxConnections;
  if (host.isClosing() || full) {
    const message = full
      ? `Too many connections (maxConnections ${maxConnections})`
      : 'Server is shutting down';
    refuseUpgrade(socket, 503, message);
    return;
  }
  const guarded = host.guard.refusal(req, true);
  if (guarded !== null) {
    refuseUpgrade(socket, guarded.status, guarded.message);
    return;
  }
  host.upgrades.add(socket);
  const connecting = new Promise<ConnectGrant | ConnectRefusal>((resolve) =>
    resolve(grantAtConnect(host.authenticator, req)),
  ).catch((): ConnectRefusal => ({ status: 500, message: 'Internal error' }));
  void connecting.then((outcome) => {
    host.upgrades.delete(socket);
    if (socket.destroyed) return;
    if (isRefusal(outcome)) {
      refuseUpgrade(socket, outcome.status, outcome.message);
      return;
    }
    if (host.isClosing()) {
      refuseUpgrade(socket, 503, 'Server is shutting down');
      return;
    }
    socket.off('error', onError); // ws listens from here on
    host.wss.handleUpgrade(req, socket, head, (ws) => {
      if (host.isClosing()) ws.close(1001, 'server shutting down');
      else WsConnection.open(host, ws, req, outcome);
    });
  });
}

/**
 * One WebSocket connection: reads text messages, dispatches them concurrently (pipelining), and
 * applies backpressure: when `maxPendingPerConnection` requests are running or have answers not
 * yet flushed to the socket (a client that does not read), it stops reading until they drain.
 */
export class WsConnection {
  readonly session: Session;
  readonly #ws: WebSocket;
  readonly #dispatcher: Dispatcher;
  readonly #limits: Limits;
  /** Requests running or with answers not yet flushed. */
  readonly #pending = new InFlight();
  #alive = true;
  /** When anything (a message, a ping) last came from the client. */
  #lastSeen = Date.now();
  /** When a message last came from the client or a notice or answer went to it. */
  #lastActive = Date.now();
  /** Since when a message has been partly received, or null. */
  #assemblingSince: number | null = null;
  #stopped = false;
  /** Messages read from the socket after it was paused (frames of the same TCP chunk). */
  readonly #backlog: string[] = [];

  /** Opens the session of a new WebSocket, counts it in `host.sockets` until it closes. */
  static open(
    host: WsHost,
    ws: WebSocket,
    req: IncomingMessage,
    granted: ConnectGrant,
  ): WsConnection {
    const connection = new WsConnection(
      ws,
      req,
      granted,
      host.dispatcher,
      host.limits,
      host.nextConnectionId(),
    );
    const { session } = connection;
    host.sockets.add(connection);
    ws.on('close', () => {
      host.sockets.delete(connection);
      session.markClosed();
      runHook(host.hooks.onConnectionClose, session);
    });
    runHook(host.hooks.onConnectionOpen, session);
    return connection;
  }

  constructor(
    ws: WebSocket,
    req: IncomingMessage,
    granted: ConnectGrant,
    dispatcher: Dispatcher,
    limits: Limits,
    id: number,
  ) {
    this.#ws = ws;
    this.session = new Session(
      id,
      'ws',
      peerOf(req).remoteAddress,
      granted.grant,
      (data, bytes) => this.send(data, bytes),
      limits.maxBufferedBytesPerConnection,
    );
    this.session.connect(granted);
    this.session.closer = (code, reason) => ws.close(code, reason);
    this.#dispatcher = dispatcher;
    this.#limits = limits;
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => this.#receive(data));
    ws.on('pong', () => {
      this.#alive = true;
    });
    // A client's own keepalive pings keep it from the idle timeout, not from pingIdleTimeoutMs.
    ws.on('ping', () => {
      this.#lastSeen = Date.now();
    });
    ws.on('error', () => {
      // 'close' follows; the session ends there.
    });
  }

  /**
   * Sends `data` (UTF-8 JSON) as a text frame, counting it as pending until flushed, when `bytes`
   * reserved in the session's budget are released. False when the socket is not open.
   */
  send(data: string, bytes: number): boolean {
    if (this.#ws.readyState !== OPEN) return false;
    this.#lastActive = Date.now();
    this.#begin();
    corkUntilNextTick(this.#ws);
    this.#ws.send(data, TEXT_FRAME, () => {
      this.session.release(bytes);
      this.#end();
    });
    return true;
  }

  /** Resolves when every request received so far has been answered. */
  drained(): Promise<void> {
    return this.#pending.drained();
  }

  /** Stops reading new messages for good (graceful close). */
  stopReading(): void {
    this.#stopped = true;
    this.#ws.pause();
  }

  close(code: number, reason: string): void {
    // Reading must go on for the peer's half of the closing handshake to arrive.
    if (this.#ws.isPaused) this.#ws.resume();
    this.#ws.close(code, reason);
  }

  terminate(): void {
    this.#ws.terminate();
  }

  /** Pings; a peer that did not answer the previous ping is dropped. */
  keepalive(): void {
    if (!this.#alive) {
      this.#ws.terminate();
      return;
    }
    this.#alive = false;
    this.#ws.ping();
  }

  /**
   * Applies the time bounds: closes the connection when nothing came for `idleTimeoutMs`, or
   * nothing but pings went either way for `pingIdleTimeoutMs`; drops it when one message has been
   * arriving for longer than `messageTimeoutMs`.
   */
  sweep(now: number): void {
    const { idleTimeoutMs, pingIdleTimeoutMs, messageTimeoutMs } = this.#limits;
    if (messageTimeoutMs > 0) {
      const assembling = !this.#ws.isPaused && receiving(this.#ws);
      if (!assembling) this.#assemblingSince = null;
      else if (this.#assemblingSince === null) this.#assemblingSince = now;
      else if (now - this.#assemblingSince > messageTimeoutMs) {
        this.#ws.terminate();
        return;
      }
    }
    if (this.#pending.count > 0) return;
    const idle = idleTimeoutMs > 0 && now - this.#lastSeen > idleTimeoutMs;
    const pingingOnly = pingIdleTimeoutMs > 0 && now - this.#lastActive > pingIdleTimeoutMs;
    if (idle || pingingOnly) this.#ws.close(1000, 'idle timeout');
  }

  #receive(data: Buffer | ArrayBuffer | Buffer[]): void {
    if (this.#stopped) return; // read after a graceful close began: not served
    this.#lastSeen = Date.now();
    this.#lastActive = this.#lastSeen;
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data).toString('utf8');
    if (this.#full()) this.#backlog.push(text);
    else this.#dispatch(text);
  }

  #dispatch(text: string): void {
    this.#begin();
    const result = this.#dispatcher.handleText(this.session, text);
    if (result instanceof Promise) void result.then((settled) => this.#reply(settled));
    else this.#reply(result);
  }

  #reply(result: DispatchResult): void {
    if (result.answer !== null && !this.send(result.answer, result.bytes)) {
      this.session.release(result.bytes);
    }
    this.#end();
  }

  /**
   * Whether no more requests may start: `maxPendingPerConnection` are running or unflushed, or
   * the unflushed answers reached `maxBufferedBytesPerConnection` (a client that does not read).
   */
  #full(): boolean {
    return this.#pending.count >= this.#limits.maxPendingPerConnection || this.session.congested;
  }

  #begin(): void {
    this.#pending.begin();
    if (this.#full() && !this.#ws.isPaused) this.#ws.pause();
  }

  #end(): void {
    // Messages held back start before the connection can count as drained.
    this.#pending.endQuietly();
    while (!this.#full() && this.#backlog.length > 0) {
      this.#dispatch(this.#backlog.shift() as string);
    }
    this.#pending.settle();
    if (!this.#stopped && !this.#full() && this.#ws.isPaused) this.#ws.resume();
  }
}

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ApiMethods, Connection } from './api.js';
import { type Authenticator, openAccess } from './auth.js';
import {
  type ConnectGrant,
  type ConnectRefusal,
  grantAtConnect,
  isRefusal,
  peerOf,
} from './connect-auth.js';
import { Dispatcher } from './dispatch.js';
import { type RpcHooks, runHook } from './hooks.js';
import { createHttpServer, type ListenAddress, listenOn } from './http-server.js';
import { type HttpHost, serveHttp } from './http-transport.js';
import { type Limits, resolveLimits } from './limits.js';
import { BUILT_IN_LOGIN_METHODS, LoginApi } from './login-api.js';
import { ApiRegistry } from './registry.js';
import { Session } from './session.js';
import { WsConnection } from './ws-transport.js';

/** Options of {@link RpcServer}. */
export interface RpcServerOptions {
  /** Who may use which API. Default: {@link openAccess}, every registered API for everyone. */
  readonly authenticator?: Authenticator;
  /** Overrides of {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<Limits>;
  readonly hooks?: RpcHooks;
  /**
   * Handles HTTP requests that are not JSON-RPC (every method but POST): health checks, files.
   * Without it they get 405. If it throws (or its promise rejects), the request gets a bare 500.
   */
  readonly onHttpRequest?: (req: IncomingMessage, res: ServerResponse) => void;
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
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
 * A JSON-RPC 2.0 server with Graphene's conventions, on HTTP and WebSocket on one port. Register
 * APIs by name with {@link register}; then {@link listen}, or {@link attach} to a `node:http`
 * server of your own.
 */
export class RpcServer {
  readonly #registry = new ApiRegistry();
  readonly #authenticator: Authenticator;
  readonly #limits: Limits;
  readonly #hooks: RpcHooks;
  readonly #dispatcher: Dispatcher;
  readonly #onHttpRequest: RpcServerOptions['onHttpRequest'];
  readonly #wss: WebSocketServer;
  readonly #sockets = new Set<WsConnection>();
  readonly #work = new Set<Promise<unknown>>();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #servers = new Map<Server, (req: IncomingMessage, res: ServerResponse) => void>();
  #ownServer: Server | null = null;
  #upgrading = 0;
  #nextId = 1;
  #closing: Promise<void> | null = null;
  readonly #httpHost: HttpHost;

  constructor(options: RpcServerOptions = {}) {
    this.#limits = resolveLimits(options.limits);
    this.#hooks = options.hooks ?? {};
    this.#authenticator = options.authenticator ?? openAccess(() => this.#registry.names());
    this.#onHttpRequest = options.onHttpRequest;
    this.#dispatcher = new Dispatcher(
      this.#registry,
      new LoginApi(this.#registry, this.#authenticator),
      this.#limits,
      this.#hooks,
    );
    this.#httpHost = {
      dispatcher: this.#dispatcher,
      authenticator: this.#authenticator,
      limits: this.#limits,
      isClosing: () => this.#closing !== null,
      nextConnectionId: () => this.#nextId++,
    };
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.#limits.maxMessageBytes,
      perMessageDeflate: false,
    });
  }

  /**
   * Adds methods to the API `name` (`database` is API 0; any other name gets an id on each
   * connection from the login API's accessor of that name). May be called more than once per API.
   * Throws TypeError on a bad name (not an identifier, or ending in `_api`: that is the permission
   * name), a duplicate method, or a built-in login method.
   */
  register(name: string, methods: ApiMethods): this {
    if (name === 'login') {
      const clash = Object.keys(methods).find((method) =>
        (BUILT_IN_LOGIN_METHODS as readonly string[]).includes(method),
      );
      if (clash) throw new TypeError(`The login API's '${clash}' is built in`);
    }
    this.#registry.register(name, methods);
    return this;
  }

  /** The limits in force. */
  get limits(): Limits {
    return this.#limits;
  }

  /** The open WebSocket connections. */
  get connections(): readonly Connection[] {
    return [...this.#sockets].map((socket) => socket.session);
  }

  /** Creates a `node:http` server, attaches to it and listens (default 127.0.0.1, a free port). */
  async listen(port = 0, host = '127.0.0.1'): Promise<ListenAddress> {
    const server = createHttpServer(this.#limits);
    this.#ownServer = server;
    this.#attach(server, true);
    return listenOn(server, port, host);
  }

  /**
   * Serves JSON-RPC (every POST, whatever the path, and WebSocket upgrades) on an existing
   * `node:http` server; its other requests stay with its own listeners unless `onHttpRequest` is set.
   */
  attach(server: Server): void {
    this.#attach(server, false);
  }

  #attach(server: Server, owned: boolean): void {
    // On a server of the caller's, its own non-POST routes stay its own.
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
      if (req.method === 'POST' || owned || this.#onHttpRequest !== undefined)
        this.handleHttp(req, res);
    };
    this.#servers.set(server, onRequest);
    server.on('request', onRequest);
    server.on('upgrade', this.handleUpgrade);
    this.#startTimers();
  }

  /** A `request` listener: JSON-RPC for POST, `onHttpRequest` (or 405) for anything else. */
  readonly handleHttp = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST') {
      if (this.#onHttpRequest) this.#route(this.#onHttpRequest, req, res);
      else {
        res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain; charset=utf-8' });
        res.end('JSON-RPC takes POST requests or a WebSocket upgrade\n');
      }
      return;
    }
    const done = serveHttp(this.#httpHost, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
    this.#track(done);
  };

  /**
   * Runs `onHttpRequest`; what it throws or rejects with becomes a bare 500 (or a cut connection
   * once headers went out) instead of an uncaught exception that would end the process.
   */
  #route(
    route: NonNullable<RpcServerOptions['onHttpRequest']>,
    req: IncomingMessage,
    res: ServerResponse,
  ): void {
    const fail = (): void => {
      if (res.headersSent) res.destroy();
      else
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal error\n');
    };
    try {
      const result: unknown = route(req, res);
      if (result instanceof Promise) result.catch(fail);
    } catch {
      fail();
    }
  }

  /** An `upgrade` listener: opens a WebSocket, logging it in with Basic credentials if given. */
  readonly handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const full = this.#sockets.size + this.#upgrading >= this.#limits.maxConnections;
    if (this.#closing || full) {
      const max = this.#limits.maxConnections;
      refuseUpgrade(
        socket,
        503,
        full ? `Too many connections (maxConnections ${max})` : 'Server is shutting down',
      );
      return;
    }
    this.#upgrading++;
    const connecting = new Promise<ConnectGrant | ConnectRefusal>((resolve) =>
      resolve(grantAtConnect(this.#authenticator, req)),
    ).catch((): ConnectRefusal => ({ status: 500, message: 'Internal error' }));
    void connecting.then((outcome) => {
      this.#upgrading--;
      if (isRefusal(outcome)) {
        refuseUpgrade(socket, outcome.status, outcome.message);
        return;
      }
      if (this.#closing) {
        refuseUpgrade(socket, 503, 'Server is shutting down');
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        if (this.#closing) {
          ws.close(1001, 'server shutting down');
          return;
        }
        let connection: WsConnection | null = null;
        const session = new Session(
          this.#nextId++,
          'ws',
          peerOf(req).remoteAddress,
          outcome.grant,
          (text) => connection?.send(text) ?? false,
        );
        session.connectGrant = outcome.connectGrant;
        connection = new WsConnection(ws, session, this.#dispatcher, this.#limits);
        session.closer = (code, reason) => ws.close(code, reason);
        const opened = connection;
        this.#sockets.add(opened);
        ws.on('close', () => {
          this.#sockets.delete(opened);
          session.markClosed();
          runHook(this.#hooks.onConnectionClose, session);
        });
        runHook(this.#hooks.onConnectionOpen, session);
      });
    });
  };

  /**
   * Stops accepting connections and requests, waits up to `closeTimeoutMs` for requests in
   * flight to be answered, then closes every WebSocket (1001) and, if {@link listen} made it, the
   * HTTP server. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  /** Counts `work` as in flight until it settles (graceful close waits for it). */
  #track(work: Promise<unknown>): void {
    this.#work.add(work);
    void work.finally(() => this.#work.delete(work));
  }

  #startTimers(): void {
    if (this.#timers.length > 0) return;
    const { pingIntervalMs, idleTimeoutMs } = this.#limits;
    if (pingIntervalMs > 0) {
      this.#timers.push(
        setInterval(() => {
          for (const socket of this.#sockets) socket.keepalive();
        }, pingIntervalMs),
      );
    }
    if (idleTimeoutMs > 0) {
      this.#timers.push(
        setInterval(
          () => {
            const now = Date.now();
            for (const socket of this.#sockets) socket.closeIfIdle(now);
          },
          Math.max(10, Math.floor(idleTimeoutMs / 4)),
        ),
      );
    }
    for (const timer of this.#timers) timer.unref();
  }

  async #shutDown(): Promise<void> {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    const own = this.#ownServer;
    const ownClosed = own
      ? new Promise<void>((resolve) => own.close(() => resolve()))
      : Promise.resolve();
    own?.closeIdleConnections();
    for (const socket of this.#sockets) socket.stopReading();
    const inFlight = Promise.all([
      ...this.#work,
      ...[...this.#sockets].map((socket) => socket.drained()),
    ]);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#limits.closeTimeoutMs);
    });
    await Promise.race([
      inFlight.then(
        () => undefined,
        () => undefined,
      ),
      deadline,
    ]);
    clearTimeout(timer);
    const closing = [...this.#sockets].map(
      (socket) => new Promise<void>((resolve) => socket.session.onClose(resolve)),
    );
    for (const socket of this.#sockets) socket.close(1001, 'server shutting down');
    const forced = setTimeout(() => {
      for (const socket of this.#sockets) socket.terminate();
    }, 1000);
    await Promise.all(closing);
    clearTimeout(forced);
    for (const [server, onRequest] of this.#servers) {
      server.off('request', onRequest);
      server.off('upgrade', this.handleUpgrade);
    }
    own?.closeAllConnections();
    await ownClosed;
  }
}

// The server: APIs by name, served over HTTP and WebSocket on one port, with a graceful close.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ApiMethods, Connection } from '../api.js';
import { type Authenticator, openAccess } from '../auth.js';
import { type Limits, resolveLimits } from '../limits.js';
import { Dispatcher } from './dispatch.js';
import type { RpcHooks } from './hooks.js';
import {
  capConnectionsPerAddress,
  createHttpServer,
  type ListenAddress,
  listenOn,
} from './http-server.js';
import { serveHttp } from './http-transport.js';
import { InFlight } from './in-flight.js';
import { BUILT_IN_LOGIN_METHODS, LoginApi } from './login-api.js';
import { ApiRegistry } from './registry.js';
import { RequestGuard } from './request-guard.js';
import { serveUpgrade, type WsConnection, type WsHost } from './ws-transport.js';

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
  /**
   * Origins (`https://app.example`) whose browser pages may POST JSON-RPC and open WebSockets;
   * `'*'` allows every origin. Default: none but the server's own (the `Origin` matches the
   * `Host`). Requests without `Origin` (curl, scripts, Graphene clients) are not affected; others
   * get HTTP 403.
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Host names (`Host` header, port left out) the server answers; others get HTTP 421 (DNS
   * rebinding). Default: any.
   */
  readonly allowedHosts?: readonly string[];
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
  readonly #login: LoginApi;
  readonly #onHttpRequest: RpcServerOptions['onHttpRequest'];
  readonly #sockets = new Set<WsConnection>();
  /** HTTP requests being served. */
  readonly #httpInFlight = new InFlight();
  readonly #timers: NodeJS.Timeout[] = [];
  /** The servers attached to, with what undoes the attachment. */
  readonly #servers = new Map<Server, () => void>();
  #ownServer: Server | null = null;
  #nextId = 1;
  #closing: Promise<void> | null = null;
  readonly #host: WsHost;

  constructor(options: RpcServerOptions = {}) {
    this.#limits = resolveLimits(options.limits);
    this.#hooks = options.hooks ?? {};
    this.#authenticator = options.authenticator ?? openAccess(() => this.#registry.names());
    this.#onHttpRequest = options.onHttpRequest;
    this.#login = new LoginApi(this.#registry, this.#authenticator);
    this.#dispatcher = new Dispatcher(this.#registry, this.#login, this.#limits, this.#hooks);
    this.#host = {
      dispatcher: this.#dispatcher,
      authenticator: this.#authenticator,
      limits: this.#limits,
      hooks: this.#hooks,
      guard: new RequestGuard(options.allowedOrigins, options.allowedHosts),
      isClosing: () => this.#closing !== null,
      nextConnectionId: () => this.#nextId++,
      wss: new WebSocketServer({
        noServer: true,
        maxPayload: this.#limits.maxMessageBytes,
        perMessageDeflate: false,
      }),
      sockets: this.#sockets,
      upgrades: new Set(),
    };
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

  /**
   * Re-evaluates the grant of every open WebSocket under the authenticator's rules in force now:
   * a logged-in connection gets what `authenticator.grantFor(user, peer)` says (the anonymous grant
   * when the user lost access, or when the authenticator has no `grantFor`), any other connection
   * the current `anonymous(peer)`. Call it whenever the rules change (a reloaded access file), so
   * that revocation reaches connections already open. API ids handed out stay, but every call is
   * checked against the new grant.
   */
  async reauthorize(): Promise<void> {
    await Promise.all([...this.#sockets].map((socket) => this.#login.reauthorize(socket.session)));
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
    server.on('request', onRequest);
    server.on('upgrade', this.handleUpgrade);
    const uncap = Number.isFinite(this.#limits.maxConnectionsPerAddress)
      ? capConnectionsPerAddress(server, this.#limits.maxConnectionsPerAddress)
      : () => undefined;
    this.#servers.set(server, () => {
      server.off('request', onRequest);
      server.off('upgrade', this.handleUpgrade);
      uncap();
    });
    this.#startTimers();
  }

  /** A `request` listener: JSON-RPC for POST, `onHttpRequest` (or 405) for anything else. */
  readonly handleHttp = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST') {
      const guarded = this.#host.guard.refusal(req, false);
      if (guarded !== null) {
        res.writeHead(guarded.status, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`${guarded.message}\n`);
        return;
      }
      if (this.#onHttpRequest) this.#route(this.#onHttpRequest, req, res);
      else {
        res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain; charset=utf-8' });
        res.end('JSON-RPC takes POST requests or a WebSocket upgrade\n');
      }
      return;
    }
    this.#httpInFlight.begin();
    serveHttp(this.#host, req, res, this.#httpDone);
  };

  readonly #httpDone = (): void => this.#httpInFlight.end();

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
    serveUpgrade(this.#host, req, socket, head);
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

  #startTimers(): void {
    if (this.#timers.length > 0) return;
    const { pingIntervalMs, idleTimeoutMs, pingIdleTimeoutMs, messageTimeoutMs } = this.#limits;
    if (pingIntervalMs > 0) {
      this.#timers.push(
        setInterval(() => {
          for (const socket of this.#sockets) socket.keepalive();
        }, pingIntervalMs),
      );
    }
    // One sweep for the three time bounds, at a quarter of the shortest.
    const bounds = [idleTimeoutMs, pingIdleTimeoutMs, messageTimeoutMs].filter((ms) => ms > 0);
    if (bounds.length > 0) {
      this.#timers.push(
        setInterval(
          () => {
            const now = Date.now();
            for (const socket of this.#sockets) socket.sweep(now);
          },
          Math.max(10, Math.floor(Math.min(...bounds) / 4)),
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
      this.#httpInFlight.drained(),
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
    for (const detach of this.#servers.values()) detach();
    own?.closeAllConnections();
    await ownClosed;
  }
}

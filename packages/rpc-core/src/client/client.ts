// The JSON-RPC client: Graphene-style calls, login and subscriptions over HTTP or WebSocket.
import { RpcError } from '../errors.js';
import type { ReconnectOptions } from './backoff.js';
import { HttpChannel } from './http-channel.js';
import { type ClientLimits, clientLimits } from './limits.js';
import { type ApiProxy, apiProxy } from './proxy.js';
import { WsChannel } from './ws-channel.js';

/** Options of {@link RpcClient}. */
export interface RpcClientOptions {
  /**
   * Credentials sent as `Authorization: Basic` on every HTTP request, or on every WebSocket
   * upgrade (reconnects included). Credentials in the URL (`ws://user:pass@host`) do the same.
   * Browsers cannot set headers on a WebSocket upgrade: there, use {@link RpcClient.login}.
   */
  readonly user?: string;
  readonly password?: string;
  /** A call without an answer after this fails with RpcTimeoutError (-32004). Default 30,000 ms. */
  readonly timeoutMs?: number;
  /** WebSocket reconnection; `false` turns it off. Default: on, 100 ms doubling to 10 s, jittered. */
  readonly reconnect?: ReconnectOptions | false;
  /** Extra headers for HTTP requests and (on Node) WebSocket upgrades. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * HTTP on Node: sockets kept alive and reused. Default 1 (one connection, requests queue on it).
   * Browsers manage their own connections.
   */
  readonly maxSockets?: number;
  /**
   * WebSocket on Node: interval of the client's keepalive pings, which also keep the server from
   * closing the connection as idle while it only waits for notices (0: none). Default 30,000 ms.
   * Browsers send no pings of their own; they answer the server's.
   */
  readonly keepAliveMs?: number;
  /** Called when a dropped WebSocket is back, after login, API ids and callbacks were restored. */
  readonly onReconnect?: () => void;
  /** Bounds on what the server sends; see {@link ClientLimits} for each default. */
  readonly limits?: Partial<ClientLimits>;
}

/** A registered server-push callback. */
export interface Subscription<Result = unknown> {
  /** The callback id the server sends notices for. */
  readonly callbackId: number;
  /** What the subscribing call returned. */
  readonly result: Result;
  /** Stops delivering notices and re-registering after reconnects. */
  unsubscribe(): void;
}

interface Registration {
  readonly api: string;
  readonly method: string;
  readonly args: readonly unknown[];
  readonly listener: (...data: unknown[]) => void;
}

/** The `Authorization` value of Basic credentials, UTF-8 encoded (RFC 7617 §2.1). */
function basicAuth(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/**
 * A client for rpc-core and Graphene-style servers over HTTP (`http://`, `https://`, keep-alive)
 * or WebSocket (`ws://`, `wss://`: pipelining, timeouts, reconnect with backoff; after a
 * reconnect it logs in again, re-acquires API ids by name and re-registers callbacks).
 */
export class RpcClient {
  readonly #http: HttpChannel | null;
  readonly #ws: WsChannel | null;
  readonly #onReconnect: (() => void) | undefined;
  #basic: { user: string; password: string } | null = null;
  #login: { user: string; password: string } | null = null;
  readonly #apiIds = new Map<string, Promise<number>>();
  readonly #subscriptions = new Map<number, Registration>();
  #nextCallbackId = 1;

  /**
   * @throws {TypeError} for a URL scheme other than http, https, ws and wss.
   * @throws {RangeError} for a limit that is not a positive integer.
   */
  constructor(url: string | URL, options: RpcClientOptions = {}) {
    const target = new URL(url);
    const { maxMessageBytes } = clientLimits(options.limits);
    if (target.username !== '' || target.password !== '') {
      this.#basic = {
        user: decodeURIComponent(target.username),
        password: decodeURIComponent(target.password),
      };
      target.username = '';
      target.password = '';
    }
    if (options.user !== undefined)
      this.#basic = { user: options.user, password: options.password ?? '' };
    this.#onReconnect = options.onReconnect;
    const timeoutMs = options.timeoutMs ?? 30_000;
    const headers = () => ({
      ...options.headers,
      ...(this.#basic ? { authorization: basicAuth(this.#basic.user, this.#basic.password) } : {}),
    });
    if (target.protocol === 'http:' || target.protocol === 'https:') {
      this.#http = new HttpChannel(target, headers, {
        timeoutMs,
        maxMessageBytes,
        maxSockets: options.maxSockets ?? 1,
      });
      this.#ws = null;
    } else if (target.protocol === 'ws:' || target.protocol === 'wss:') {
      this.#http = null;
      const socketOptions = {
        headers: headers(),
        maxMessageBytes,
        keepAliveMs: options.keepAliveMs ?? 30_000,
      };
      this.#ws = new WsChannel(target, socketOptions, timeoutMs, options.reconnect ?? {}, {
        notice: (callbackId, args) => {
          const registration =
            typeof callbackId === 'number' ? this.#subscriptions.get(callbackId) : undefined;
          try {
            registration?.listener(...args);
          } catch {
            // A listener's own failure must not break the socket that delivers to every listener.
          }
        },
        restore: () => this.#restore(),
        reconnected: () => this.#onReconnect?.(),
      });
    } else {
      throw new TypeError(`Unsupported URL scheme ${target.protocol} (use http, https, ws or wss)`);
    }
  }

  /** Opens the WebSocket now (calls open it on demand anyway); no-op over HTTP. */
  async connect(): Promise<void> {
    await this.#ws?.connect();
  }

  /** A plain JSON-RPC call (served by API 0 on a Graphene-style server). Rejects with RpcError. */
  call<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    return this.#request(method, params) as Promise<T>;
  }

  /** A JSON-RPC notification: no answer, no error. */
  async notify(method: string, params: readonly unknown[] = []): Promise<void> {
    if (this.#ws) await this.#ws.notify(method, params);
    else await this.#http?.request(method, params, true);
  }

  /**
   * Graphene's `call [api, method, args]`. A named API is resolved once per connection through
   * the login API's accessor over WebSocket, and sent by name over HTTP.
   */
  async callApi<T = unknown>(
    api: string | number,
    method: string,
    args: readonly unknown[] = [],
  ): Promise<T> {
    const target = typeof api === 'string' && this.#ws ? await this.#apiId(api) : api;
    return (await this.#request('call', [target, method, args])) as T;
  }

  /** A typed view of the API `name`: `client.api<DatabaseApi>('database').get_accounts(['1.2.0'])`. */
  api<T>(name: string): ApiProxy<T> {
    return apiProxy<T>((method, args) => this.callApi(name, method, args));
  }

  /**
   * Logs in through the login API. Over WebSocket the login is repeated after each reconnect
   * (when it succeeded); over HTTP the credentials go as Basic auth on later requests (when they
   * succeeded; a failed login leaves later requests anonymous, as it leaves a WebSocket).
   */
  async login(user: string, password: string): Promise<boolean> {
    if (this.#http) {
      // Credentials go on later requests only once they worked: wrong ones sent on every request
      // would each count as a failed login (and get the client throttled).
      const ok = (await this.callApi(1, 'login', [user, password])) === true;
      this.#basic = ok ? { user, password } : null;
      return ok;
    }
    const ok = (await this.callApi(1, 'login', [user, password])) === true;
    this.#login = ok ? { user, password } : null;
    return ok;
  }

  /** Logs out (the login API's `logout`); no re-login after reconnects. */
  async logout(): Promise<void> {
    this.#login = null;
    if (this.#http) this.#basic = null;
    else await this.callApi(1, 'logout', []);
  }

  /**
   * Calls `api.method(callbackId, ...args)` and delivers the server's notices for that callback
   * id to `listener`. WebSocket only; registered again after each reconnect.
   */
  async subscribe<Result = unknown>(
    api: string,
    method: string,
    args: readonly unknown[],
    listener: (...data: unknown[]) => void,
  ): Promise<Subscription<Result>> {
    if (this.#ws === null)
      throw new TypeError('Subscriptions need a WebSocket (ws:// or wss://) URL');
    const callbackId = this.#nextCallbackId++;
    this.#subscriptions.set(callbackId, { api, method, args, listener });
    try {
      const result = await this.callApi<Result>(api, method, [callbackId, ...args]);
      return { callbackId, result, unsubscribe: () => this.#subscriptions.delete(callbackId) };
    } catch (error) {
      this.#subscriptions.delete(callbackId);
      throw error;
    }
  }

  /** Closes the connection; calls in flight fail with ConnectionClosedError. */
  async close(): Promise<void> {
    this.#http?.close();
    await this.#ws?.close();
  }

  #request(method: string, params: readonly unknown[], now = false): Promise<unknown> {
    if (this.#ws) return this.#ws.request(method, params, now);
    return (this.#http as HttpChannel).request(method, params);
  }

  #apiId(name: string, now = false): Promise<number> {
    if (name === 'login') return Promise.resolve(1);
    let id = this.#apiIds.get(name);
    if (id === undefined) {
      id = this.#request('call', [1, name, []], now).then((value) => {
        if (typeof value !== 'number')
          throw new RpcError(-32603, `API '${name}' was answered without an id`);
        return value;
      });
      this.#apiIds.set(name, id);
      id.catch(() => this.#apiIds.delete(name));
    }
    return id;
  }

  /** After a reconnect: log in again, re-acquire API ids by name, re-register callbacks. */
  async #restore(): Promise<void> {
    const login = this.#login;
    if (login) {
      await this.#request('call', [1, 'login', [login.user, login.password]], true).catch(
        () => undefined,
      );
    }
    const names = [...this.#apiIds.keys()];
    this.#apiIds.clear();
    await Promise.all(names.map((name) => this.#apiId(name, true).catch(() => undefined)));
    for (const [callbackId, { api, method, args }] of this.#subscriptions) {
      await this.#apiId(api, true)
        .then((id) => this.#request('call', [id, method, [callbackId, ...args]], true))
        .catch(() => undefined);
    }
  }
}

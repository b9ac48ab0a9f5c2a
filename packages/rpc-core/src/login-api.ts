import { type Authenticator, isAllowed, permissionFor } from './auth.js';
import { InvalidParamsError, MethodNotFoundError, UnauthorizedError } from './errors.js';
import type { ApiRegistry } from './registry.js';
import { DATABASE_API_ID, LOGIN_API_ID, type Session } from './session.js';

/** The methods the login API always has; an API registered as `login` may add others. */
export const BUILT_IN_LOGIN_METHODS = ['login', 'logout', 'get_available_api_sets'] as const;

/**
 * Graphene's login API (API 1): `login`, `logout`, `get_available_api_sets`, and one accessor per
 * registered API name that hands out that API's id on the connection.
 */
export class LoginApi {
  readonly #registry: ApiRegistry;
  readonly #authenticator: Authenticator;

  constructor(registry: ApiRegistry, authenticator: Authenticator) {
    this.#registry = registry;
    this.#authenticator = authenticator;
  }

  /** Whether `method` is a built-in method or an accessor of the login API. */
  has(method: string): boolean {
    return (
      (BUILT_IN_LOGIN_METHODS as readonly string[]).includes(method) ||
      (method !== 'login' && this.#registry.has(method))
    );
  }

  /** Runs a built-in method or accessor; call only when {@link has} is true. */
  call(session: Session, method: string, args: readonly unknown[]): unknown {
    if (method === 'login') return this.login(session, args[0], args[1]);
    if (method === 'logout') {
      session.grant = this.#authenticator.anonymous(peerOf(session));
      return false;
    }
    if (method === 'get_available_api_sets') return [...(session.grant?.apis ?? [])].sort();
    return this.resolve(session, method);
  }

  /**
   * The id of the API `name` on this connection (Graphene's accessors; also used for a string
   * API in `call`). Throws -32601 for an unknown name, -32001 when the grant lacks it.
   */
  resolve(session: Session, name: string): number {
    if (name === 'login') return LOGIN_API_ID;
    if (!this.#registry.has(name)) throw new MethodNotFoundError(`Unknown API '${name}'`);
    if (!isAllowed(session.grant, name)) {
      throw new UnauthorizedError(`Access denied: API '${name}' needs '${permissionFor(name)}'`);
    }
    return name === 'database' ? DATABASE_API_ID : session.apiId(name);
  }

  /**
   * Graphene's `login(user, password)`: both absent → 1 (the login API id); right credentials →
   * true and their grant; wrong ones → false and the anonymous grant. `login("", "")` returns to
   * the grant of the connection's own credentials (HTTP Basic at connect), else the anonymous one.
   */
  login(session: Session, user: unknown, password: unknown): unknown {
    if (user == null && password == null) return LOGIN_API_ID;
    if (typeof user !== 'string' || typeof password !== 'string') {
      throw new InvalidParamsError(
        'Invalid params for login: expected [user, password], both strings',
      );
    }
    const peer = peerOf(session);
    if (user === '' && password === '') {
      session.grant = session.connectGrant ?? this.#authenticator.anonymous(peer);
      return session.grant !== null;
    }
    const attempt = this.#authenticate(session, user, password);
    const barrier = attempt.then(
      () => undefined,
      () => undefined,
    );
    session.loginBarrier = barrier;
    void barrier.then(() => {
      if (session.loginBarrier === barrier) session.loginBarrier = null;
    });
    return attempt;
  }

  async #authenticate(session: Session, user: string, password: string): Promise<boolean> {
    const peer = peerOf(session);
    try {
      const grant = await this.#authenticator.authenticate(user, password, peer);
      session.grant = grant ?? this.#authenticator.anonymous(peer);
      return grant !== null;
    } catch (error) {
      session.grant = this.#authenticator.anonymous(peer);
      throw error; // dispatch turns a throttled login into its LimitExceededError
    }
  }
}

const peerOf = (session: Session) => ({ remoteAddress: session.remoteAddress });

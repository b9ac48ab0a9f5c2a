// Graphene's login API (API 1): login, logout, the available API sets and the API accessors.
import { DATABASE_API_ID, LOGIN_API_ID } from '../api.js';
import {
  type Authenticator,
  type Grant,
  isAllowed,
  type PeerInfo,
  permissionFor,
} from '../auth.js';
import { InvalidParamsError, MethodNotFoundError, UnauthorizedError } from '../errors.js';
import type { ApiRegistry } from './registry.js';
import type { Session } from './session.js';

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
      session.setGrant(this.#authenticator.anonymous(peerOf(session)), null);
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
   * the grant of the connection's own credentials (HTTP Basic at connect) as the authenticator's
   * `grantFor` decides it now, else the anonymous one.
   */
  login(session: Session, user: unknown, password: unknown): unknown {
    if (user == null && password == null) return LOGIN_API_ID;
    if (typeof user !== 'string' || typeof password !== 'string') {
      throw new InvalidParamsError(
        'Invalid params for login: expected [user, password], both strings',
      );
    }
    const attempt =
      user === '' && password === ''
        ? this.#returnToConnectGrant(session)
        : this.#authenticate(session, user, password);
    if (!(attempt instanceof Promise)) return attempt;
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

  /**
   * Puts the grant of `session`'s user under the rules in force now (the anonymous one for a
   * connection without a user, or when the user lost access). Without `grantFor` on the
   * authenticator, a logged-in connection returns to the anonymous grant.
   */
  async reauthorize(session: Session): Promise<void> {
    const peer = peerOf(session);
    const { user } = session;
    const grant = user === null ? null : await this.#grantFor(user, peer);
    if (!session.open) return;
    session.setGrant(grant ?? this.#authenticator.anonymous(peer), grant === null ? null : user);
    // Without grantFor the connect-time grant cannot be checked again: login("", "") forgets it.
    if (this.#authenticator.grantFor === undefined) session.connectGrant = null;
  }

  /** `login("", "")`: the connect-time user's grant as it is now, else the anonymous grant. */
  #returnToConnectGrant(session: Session): boolean | Promise<boolean> {
    const peer = peerOf(session);
    const user = session.connectUser;
    const fallBack = (grant: Grant | null): boolean => {
      session.setGrant(grant ?? this.#authenticator.anonymous(peer), grant === null ? null : user);
      return session.grant !== null;
    };
    if (user === null) return fallBack(null);
    if (this.#authenticator.grantFor === undefined) return fallBack(session.connectGrant);
    return this.#grantFor(user, peer).then(fallBack);
  }

  /** The authenticator's `grantFor`; null without it or when it fails (access is not kept). */
  async #grantFor(user: string, peer: PeerInfo): Promise<Grant | null> {
    try {
      return (await this.#authenticator.grantFor?.(user, peer)) ?? null;
    } catch {
      return null;
    }
  }

  async #authenticate(session: Session, user: string, password: string): Promise<boolean> {
    const peer = peerOf(session);
    try {
      const grant = await this.#authenticator.authenticate(user, password, peer);
      session.setGrant(grant ?? this.#authenticator.anonymous(peer), grant === null ? null : user);
      return grant !== null;
    } catch (error) {
      session.setGrant(this.#authenticator.anonymous(peer), null);
      throw error; // dispatch turns a throttled login into its LimitExceededError
    }
  }
}

const peerOf = (session: Session): PeerInfo => ({ remoteAddress: session.remoteAddress });

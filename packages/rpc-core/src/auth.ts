// Who may use which API: the Authenticator contract, the permission rule and Basic credentials.
/**
 * What a connection may use. `apis` are Graphene permission names: `database_api`,
 * `network_node_api`, … This file owns the contract; `@convene/api-access`, which installs alone,
 * mirrors `Grant` and `PeerInfo` and pins its copies equal to these in a test.
 */
export interface Grant {
  /** The logged-in user, null for the anonymous grant. */
  readonly user: string | null;
  readonly apis: readonly string[];
}

/** What is known of the peer when it logs in. */
export interface PeerInfo {
  readonly remoteAddress: string;
}

/**
 * Decides who may use which API. `@convene/api-access` provides one; any object of this shape
 * works. An API registered as `name` is usable when the grant's `apis` include `${name}_api`
 * ({@link isAllowed}).
 */
export interface Authenticator {
  /** Grant of a connection that has not logged in (or whose login failed); null = no API but login. */
  anonymous(peer: PeerInfo): Grant | null;
  /**
   * Grant for these credentials, or null when they are wrong. May throw an error whose `code` is
   * {@link LOGIN_THROTTLED} with a numeric `retryAfterMs`; the client then gets -32002.
   */
  authenticate(
    user: string,
    password: string,
    peer: PeerInfo,
  ): Grant | null | Promise<Grant | null>;
  /**
   * The grant `user` (who logged in earlier with a right password) has under the rules in force
   * now, or null when the user may no longer log in. Optional: with it, `login("", "")` and
   * {@link RpcServer.reauthorize} re-evaluate open connections, so a removed user loses access at
   * once; without it, `reauthorize()` returns logged-in connections to the anonymous grant.
   */
  grantFor?(user: string, peer: PeerInfo): Grant | null | Promise<Grant | null>;
}

/** The permission of the login API, which every connection may use without it. */
const LOGIN_PERMISSION = 'login_api';

/**
 * The permission (an `allowed_apis` entry) that grants the API `apiName`, as Graphene names it: the
 * API `network_node` needs `network_node_api`. A name already ending in `_api` is taken as the
 * permission itself, so `network_node` and `network_node_api` both give `network_node_api`;
 * {@link RpcServer.register} refuses API names ending in `_api`, so no two APIs share a permission.
 */
export const permissionFor = (apiName: string): string =>
  apiName.endsWith('_api') ? apiName : `${apiName}_api`;

/**
 * Whether `grant` allows the API `apiName` (`network_node` or `network_node_api`): its permission
 * ({@link permissionFor}) is listed in `grant.apis`, compared exactly (`"*"` is not a wildcard, as in
 * Graphene). The login API (`login`, `login_api`) is always allowed; a null grant allows nothing else.
 */
export function isAllowed(grant: Grant | null, apiName: string): boolean {
  const permission = permissionFor(apiName);
  return permission === LOGIN_PERMISSION || grant?.apis.includes(permission) === true;
}

/**
 * An authenticator for servers without access control: every connection may use every API
 * `apiNames()` lists (return the same array while it is unchanged: the grant is cached by it),
 * and no credentials are accepted.
 */
export function openAccess(apiNames: () => readonly string[]): Authenticator {
  let grant: Grant = { user: null, apis: [] };
  let names: readonly string[] = [];
  return {
    anonymous: () => {
      const current = apiNames();
      if (current !== names) {
        names = current;
        grant = { user: null, apis: current.map(permissionFor) };
      }
      return grant;
    },
    authenticate: () => null,
  };
}

/** Credentials read from an `Authorization: Basic` header (RFC 7617). */
export interface BasicCredentials {
  readonly user: string;
  readonly password: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads `Authorization: Basic …` (RFC 7617 §2): undefined when the header is absent, null when it
 * is malformed (other scheme, bad base64, no colon). User and password split at the FIRST colon,
 * so passwords may contain `:`.
 */
export function parseBasicAuth(header: string | undefined): BasicCredentials | null | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic +(\S+) *$/i.exec(header);
  const token = match?.[1];
  if (token === undefined || token.length % 4 !== 0 || !BASE64.test(token)) return null;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The `code` of the error an {@link Authenticator} throws to refuse a login for a while (too many
 * failures); the error also carries `retryAfterMs`.
 */
export const LOGIN_THROTTLED = 'ERR_LOGIN_THROTTLED';

/** The throttling error of the {@link Authenticator} contract, as rpc-core recognises it. */
export interface LoginThrottled {
  readonly code: typeof LOGIN_THROTTLED;
  readonly retryAfterMs: number;
}

/** Whether `error` is the throttling error of the {@link Authenticator} contract. */
export function isLoginThrottled(error: unknown): error is LoginThrottled {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === LOGIN_THROTTLED &&
    typeof (error as { retryAfterMs?: unknown }).retryAfterMs === 'number'
  );
}

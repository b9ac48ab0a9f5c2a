// What a connection may use, in the shape rpc-core's Authenticator contract expects.

/** What a connection may use: Graphene API names from `allowed_apis` (`database_api` …). */
export interface Grant {
  /** The listed user who logged in; `null` for the anonymous grant and for `"*"` matches. */
  readonly user: string | null;
  readonly apis: readonly string[];
}

/** The connection a login comes from. */
export interface PeerInfo {
  readonly remoteAddress: string;
}

/** The API that is usable without any grant, as in Graphene. */
const LOGIN_API = 'login_api';

/** `network_node` and `network_node_api` both name the permission `network_node_api`. */
export const permissionName = (apiName: string): string =>
  apiName.endsWith('_api') ? apiName : `${apiName}_api`;

/**
 * Whether `grant` lets its connection use the API `apiName` (`network_node` or `network_node_api`).
 * The login API is always usable; a `null` grant allows nothing else. Names match exactly:
 * `"*"` in `allowed_apis` is not a wildcard, as in Graphene.
 */
export function allows(grant: Grant | null, apiName: string): boolean {
  const wanted = permissionName(apiName);
  return wanted === LOGIN_API || grant?.apis.includes(wanted) === true;
}

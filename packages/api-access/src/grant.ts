// The permission rule and the types of rpc-core's Authenticator contract, mirrored so that this
// package installs alone; test/contract.test.ts pins every copy equal to rpc-core's.

/** What a connection may use: Graphene API names from `allowed_apis` (`database_api` …). */
export interface Grant {
  /** The logged-in user, null for the anonymous grant. */
  readonly user: string | null;
  readonly apis: readonly string[];
}

/** What is known of the peer when it logs in. */
export interface PeerInfo {
  readonly remoteAddress: string;
}

/** The permission of the login API, which every connection may use. */
const LOGIN_PERMISSION = 'login_api';

/**
 * The Graphene permission name that grants the API `apiName`: `network_node` and
 * `network_node_api` both name the permission `network_node_api`.
 */
export const permissionFor = (apiName: string): string =>
  apiName.endsWith('_api') ? apiName : `${apiName}_api`;

/**
 * Whether `grant` lets its connection use the API `apiName` (`network_node` or `network_node_api`).
 * The login API is always usable; a `null` grant allows nothing else. Names match exactly and by
 * case: `"*"` in `allowed_apis` is not a wildcard, as in Graphene.
 */
export function isAllowed(grant: Grant | null, apiName: string): boolean {
  const wanted = permissionFor(apiName);
  return wanted === LOGIN_PERMISSION || grant?.apis.includes(wanted) === true;
}

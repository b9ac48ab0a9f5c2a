// The authorization server a client talks to (RFC 8414 metadata), given or discovered.
import { ResponseError } from '../errors.js';
import { assertSecureUrl, type HttpOptions, send } from '../http.js';
import { type Limits, resolveLimits } from '../limits.js';
import { errorFromResponse, jsonObject } from '../response-body.js';

/** What the client needs to know of an authorization server; presets are values of this type. */
export interface AuthorizationServer {
  /** The issuer identifier (RFC 8414 §2); the `iss` expected at the callback (RFC 9207). */
  readonly issuer?: string;
  /** RFC 6749 §3.1. */
  readonly authorizationEndpoint: string;
  /** RFC 6749 §3.2. */
  readonly tokenEndpoint: string;
  /** RFC 7009 §2. */
  readonly revocationEndpoint?: string;
  /** The server puts `iss` on every authorization response (RFC 9207 §3); then it is required. */
  readonly issParameterSupported?: boolean;
  /** `false` for servers that do not do PKCE (Stripe Connect); PKCE S256 is sent otherwise. */
  readonly pkce?: false;
  /** The raw metadata document, when discovered. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Options of {@link discover}. */
export interface DiscoveryOptions extends HttpOptions {
  /** Which well-known document to read. Default `oauth-authorization-server` (RFC 8414 §3). */
  readonly wellKnown?: 'oauth-authorization-server' | 'openid-configuration';
  readonly limits?: Partial<Limits>;
}

/**
 * The metadata URL of an issuer (RFC 8414 §3.1): the well-known suffix goes between the host and
 * the issuer's path.
 */
export function metadataUrl(
  issuer: string,
  wellKnown: 'oauth-authorization-server' | 'openid-configuration' = 'oauth-authorization-server',
): URL {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return wellKnown === 'openid-configuration'
    ? new URL(`${url.origin}${path}/.well-known/openid-configuration`)
    : new URL(`${url.origin}/.well-known/oauth-authorization-server${path}`);
}

const optionalString = (metadata: Record<string, unknown>, name: string, status: number) => {
  const value = metadata[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new ResponseError(
      'ERR_INVALID_RESPONSE',
      status,
      `the server metadata's "${name}" is not a string`,
    );
  return value;
};

/**
 * Reads an authorization server's metadata (RFC 8414 §3) and checks that its `issuer` is the one
 * asked for (§3.3), so a document cannot impersonate another server.
 * @throws {ResponseError} `ERR_ISSUER_MISMATCH` or `ERR_INVALID_RESPONSE`; {@link TransportError};
 * {@link InsecureUrlError}; {@link LimitExceededError}.
 */
export async function discover(
  issuer: string,
  options: DiscoveryOptions = {},
): Promise<AuthorizationServer> {
  const url = metadataUrl(issuer, options.wellKnown);
  const response = await send(
    url,
    { headers: { accept: 'application/json' } },
    options,
    resolveLimits(options.limits),
  );
  if (response.status !== 200) throw errorFromResponse(response, url.href);
  const metadata = jsonObject(response, url.href);
  if (metadata.issuer !== issuer)
    throw new ResponseError(
      'ERR_ISSUER_MISMATCH',
      response.status,
      `the metadata at ${url.href} names issuer ${JSON.stringify(metadata.issuer)}, not ${JSON.stringify(issuer)}`,
    );
  const authorizationEndpoint = optionalString(metadata, 'authorization_endpoint', 200);
  const tokenEndpoint = optionalString(metadata, 'token_endpoint', 200);
  if (authorizationEndpoint === undefined || tokenEndpoint === undefined)
    throw new ResponseError(
      'ERR_INVALID_RESPONSE',
      200,
      `the metadata at ${url.href} lacks authorization_endpoint or token_endpoint`,
    );
  for (const endpoint of [authorizationEndpoint, tokenEndpoint])
    assertSecureUrl(endpoint, options.allowInsecureRequests);
  const revocationEndpoint = optionalString(metadata, 'revocation_endpoint', 200);
  return {
    issuer,
    authorizationEndpoint,
    tokenEndpoint,
    ...(revocationEndpoint === undefined ? {} : { revocationEndpoint }),
    issParameterSupported: metadata.authorization_response_iss_parameter_supported === true,
    metadata,
  };
}

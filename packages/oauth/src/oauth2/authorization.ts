// RFC 6749 §4.1.1 authorization request: the URL to send the user to, and the record to keep.
import { type Clock, cryptoRandom, type RandomSource, randomToken } from '../random.js';
import type { ClientAuthentication } from './client-authentication.js';
import { generateCodeVerifier, pkceChallenge } from './pkce.js';
import type { AuthorizationServer } from './server.js';

/** A client as registered at an authorization server. */
export interface ClientRegistration {
  readonly clientId: string;
  /** The exact registered redirect URI (RFC 9700 §2.1); sent in the authorization and token requests. */
  readonly redirectUri?: string;
  readonly authentication: ClientAuthentication;
}

/**
 * What the client must remember between sending the user away and the callback: a plain,
 * JSON-serializable record the caller stores (a cookie-bound session, a database row) and gives
 * back, once, to {@link validateCallback} and {@link exchangeCode}.
 */
export interface AuthorizationTransaction {
  /** The one-time `state` sent (RFC 6749 §10.12); also the key to store the record under. */
  readonly state: string;
  /** The PKCE verifier (RFC 7636 §4.1); absent for servers without PKCE. */
  readonly codeVerifier?: string;
  /** The issuer the callback's `iss` must equal (RFC 9207 §2.4). */
  readonly issuer?: string;
  /** The redirect URI sent, repeated in the token request (RFC 6749 §4.1.3). */
  readonly redirectUri?: string;
  /** When the transaction began, in ms since the epoch; old ones expire. */
  readonly createdAt: number;
}

/** Options of {@link createAuthorization}. */
export interface AuthorizationOptions {
  /** Scopes, space-joined into `scope` (RFC 6749 §3.3). */
  readonly scope?: string | readonly string[];
  /** Further parameters (Stripe's `stripe_landing`, OpenID's `prompt`); cannot override the protocol's own. */
  readonly params?: Readonly<Record<string, string>>;
  readonly random?: RandomSource;
  readonly clock?: Clock;
}

const PROTOCOL_PARAMS = new Set([
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'code_challenge',
  'code_challenge_method',
]);

/**
 * Builds the authorization request (RFC 6749 §4.1.1) with a fresh `state` and, unless the server
 * does without, PKCE S256 (RFC 7636 §4.3), and the transaction record to store until the callback.
 * @throws {TypeError} when `params` tries to set a protocol parameter.
 */
export function createAuthorization(
  server: AuthorizationServer,
  client: ClientRegistration,
  options: AuthorizationOptions = {},
): { url: URL; transaction: AuthorizationTransaction } {
  const random = options.random ?? cryptoRandom;
  const url = new URL(server.authorizationEndpoint);
  const state = randomToken(32, random);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.clientId);
  if (client.redirectUri !== undefined) url.searchParams.set('redirect_uri', client.redirectUri);
  if (options.scope !== undefined)
    url.searchParams.set(
      'scope',
      typeof options.scope === 'string' ? options.scope : options.scope.join(' '),
    );
  url.searchParams.set('state', state);
  let codeVerifier: string | undefined;
  if (server.pkce !== false) {
    codeVerifier = generateCodeVerifier(random);
    url.searchParams.set('code_challenge', pkceChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  for (const [name, value] of Object.entries(options.params ?? {})) {
    if (PROTOCOL_PARAMS.has(name))
      throw new TypeError(`params.${name} is set by createAuthorization itself`);
    url.searchParams.set(name, value);
  }
  const transaction: AuthorizationTransaction = {
    state,
    ...(codeVerifier === undefined ? {} : { codeVerifier }),
    ...(server.issuer === undefined ? {} : { issuer: server.issuer }),
    ...(client.redirectUri === undefined ? {} : { redirectUri: client.redirectUri }),
    createdAt: (options.clock ?? Date.now)(),
  };
  return { url, transaction };
}

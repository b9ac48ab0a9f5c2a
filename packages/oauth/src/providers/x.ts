// X (Twitter): OAuth 1.0a "Sign in with X" and OAuth 2.0 with PKCE, endpoints as data.
import type { HttpOptions } from '../http.js';
import type { Limits } from '../limits.js';
import { OAuth1Client, type OAuth1ClientOptions } from '../oauth1/client.js';
import { OAuth2Client } from '../oauth2/client.js';
import type { AuthorizationServer } from '../oauth2/server.js';
import type { Clock, RandomSource } from '../random.js';

/** X's OAuth 1.0a endpoints; `authenticate` is the authorization endpoint of "Sign in with X". */
export interface XOAuth1Endpoints {
  readonly requestToken: string;
  readonly authorize: string;
  readonly authenticate: string;
  readonly accessToken: string;
}

/** X's OAuth 1.0a endpoints. `authenticate` is "Sign in with X": no prompt when already authorized. */
export const X_OAUTH1: XOAuth1Endpoints = Object.freeze({
  requestToken: 'https://api.x.com/oauth/request_token',
  authorize: 'https://api.x.com/oauth/authorize',
  authenticate: 'https://api.x.com/oauth/authenticate',
  accessToken: 'https://api.x.com/oauth/access_token',
});

/** X's OAuth 2.0 endpoints. PKCE is mandatory; no discovery document, no `iss`. */
export const X_OAUTH2: AuthorizationServer = Object.freeze({
  authorizationEndpoint: 'https://x.com/i/oauth2/authorize',
  tokenEndpoint: 'https://api.x.com/2/oauth2/token',
  revocationEndpoint: 'https://api.x.com/2/oauth2/revoke',
});

/** Options of {@link xOAuth1Client}. */
export interface XOAuth1Options extends Omit<OAuth1ClientOptions, 'endpoints' | 'signatureMethod'> {
  /** Send the user to `authenticate` ("Sign in with X") rather than `authorize`. Default true. */
  readonly signIn?: boolean;
  /** Endpoints to use instead of X's. */
  readonly endpoints?: Partial<XOAuth1Endpoints>;
}

/**
 * An OAuth 1.0a client for X (HMAC-SHA1): request token, `authenticate` or `authorize` URL,
 * access token whose `fields` keep X's `user_id` and `screen_name`, signed API requests.
 * @throws {InsecureUrlError} when an endpoint is not https (nor allowed loopback http).
 */
export function xOAuth1Client(options: XOAuth1Options): OAuth1Client {
  const { signIn = true, endpoints, ...rest } = options;
  const all = { ...X_OAUTH1, ...endpoints };
  return new OAuth1Client({
    ...rest,
    signatureMethod: 'HMAC-SHA1',
    endpoints: {
      requestToken: all.requestToken,
      authorize: signIn ? all.authenticate : all.authorize,
      accessToken: all.accessToken,
    },
  });
}

/** Options of {@link xOAuth2Client}. */
export interface XOAuth2Options extends HttpOptions {
  readonly clientId: string;
  /**
   * Confidential clients (web apps, bots) have a secret and must send HTTP Basic at the token
   * and revocation endpoints, refresh included; public clients leave it out and send `client_id`.
   */
  readonly clientSecret?: string;
  readonly redirectUri: string;
  /** Endpoints to use instead of X's. */
  readonly server?: Partial<AuthorizationServer>;
  readonly limits?: Partial<Limits>;
  readonly clock?: Clock;
  readonly random?: RandomSource;
}

/**
 * An OAuth 2.0 client for X: PKCE S256 always, Basic client authentication for confidential
 * clients on every token request, refresh (ask for the `offline.access` scope) and revocation.
 * @throws {InsecureUrlError} when an endpoint is not https (nor allowed loopback http).
 */
export function xOAuth2Client(options: XOAuth2Options): OAuth2Client {
  const { clientId, clientSecret, redirectUri, server, ...rest } = options;
  return new OAuth2Client({
    ...rest,
    server: { ...X_OAUTH2, ...server },
    client: {
      clientId,
      redirectUri,
      authentication:
        clientSecret === undefined
          ? { method: 'none' }
          : { method: 'client_secret_basic', clientSecret },
    },
  });
}

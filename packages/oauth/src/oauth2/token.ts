// RFC 6749 §4.1.3, §5 and §6: token requests (code exchange, refresh) and their responses.
import { ResponseError } from '../errors.js';
import { formHeaders, type HttpOptions, type ReadResponse, send } from '../http.js';
import { type Limits, resolveLimits } from '../limits.js';
import type { Clock } from '../random.js';
import { errorFromResponse, jsonObject } from '../response-body.js';
import type { AuthorizationTransaction, ClientRegistration } from './authorization.js';
import { authenticateClient } from './client-authentication.js';
import type { AuthorizationServer } from './server.js';

/** Options of every request to a token or revocation endpoint. */
export interface EndpointOptions extends HttpOptions {
  readonly limits?: Partial<Limits>;
  readonly clock?: Clock;
}

/** A successful token response (RFC 6749 §5.1), with every field the provider sent. */
export interface TokenResponse {
  readonly accessToken: string;
  /** `token_type`, lower-cased (`bearer`). */
  readonly tokenType: string;
  /** Lifetime in seconds, when sent. */
  readonly expiresIn?: number;
  /** `expiresIn` added to the clock at receipt, in ms since the epoch. */
  readonly expiresAt?: number;
  /** A new refresh token, when sent; on refresh, persist it in place of the old one (RFC 9700 §4.14). */
  readonly refreshToken?: string;
  /** The granted scope, when sent; may be narrower than asked (RFC 6749 §3.3). */
  readonly scope?: string;
  /** Every field of the JSON response, provider extras included (Stripe's `stripe_user_id` …). */
  readonly fields: Readonly<Record<string, unknown>>;
}

const invalid = (response: ReadResponse, where: string, what: string) =>
  new ResponseError(
    'ERR_INVALID_RESPONSE',
    response.status,
    `${where} answered with a token response whose ${what}`,
  );

/**
 * Checks a token endpoint's answer (RFC 6749 §5.1–5.2): status 200, a JSON object, `access_token`
 * a non-empty string, `token_type` a string (lower-cased), `expires_in` a non-negative number (a
 * numeric string is read as one), `refresh_token` and `scope` strings when present.
 * @throws {OAuthResponseError} when the server sent an OAuth error; {@link ResponseError} otherwise.
 */
export function processTokenResponse(
  response: ReadResponse,
  where: string,
  clock: Clock = Date.now,
): TokenResponse {
  if (response.status !== 200) throw errorFromResponse(response, where);
  const fields = jsonObject(response, where);
  const { access_token, token_type, expires_in, refresh_token, scope } = fields;
  if (typeof access_token !== 'string' || access_token === '')
    throw invalid(response, where, '"access_token" is missing or not a string');
  if (typeof token_type !== 'string' || token_type === '')
    throw invalid(response, where, '"token_type" is missing or not a string');
  let expiresIn: number | undefined;
  if (expires_in !== undefined && expires_in !== null) {
    expiresIn =
      typeof expires_in === 'string' && /^\d+$/.test(expires_in)
        ? Number(expires_in)
        : (expires_in as number);
    if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn < 0)
      throw invalid(response, where, '"expires_in" is not a non-negative number');
  }
  if (refresh_token !== undefined && typeof refresh_token !== 'string')
    throw invalid(response, where, '"refresh_token" is not a string');
  if (scope !== undefined && typeof scope !== 'string')
    throw invalid(response, where, '"scope" is not a string');
  return {
    accessToken: access_token,
    tokenType: token_type.toLowerCase(),
    ...(expiresIn === undefined ? {} : { expiresIn, expiresAt: clock() + expiresIn * 1000 }),
    ...(refresh_token === undefined ? {} : { refreshToken: refresh_token }),
    ...(scope === undefined ? {} : { scope }),
    fields,
  };
}

/**
 * POSTs a form to one of the server's endpoints with the client's authentication (RFC 6749
 * §2.3), and returns the response read in full.
 * @throws {TransportError} {@link InsecureUrlError} {@link LimitExceededError}
 */
export function postForm(
  endpoint: string,
  client: ClientRegistration,
  body: URLSearchParams,
  options: EndpointOptions,
): Promise<ReadResponse> {
  const headers = formHeaders();
  authenticateClient(client.clientId, client.authentication, headers, body);
  return send(endpoint, { method: 'POST', headers, body }, options, resolveLimits(options.limits));
}

/**
 * Exchanges an authorization code (RFC 6749 §4.1.3) with the transaction's PKCE verifier (RFC 7636
 * §4.5) and redirect URI. Never retry with the same code: servers revoke the grant on replay (§10.5).
 * @throws {OAuthResponseError} e.g. `invalid_grant`; {@link ResponseError}; {@link TransportError}.
 */
export async function exchangeCode(
  server: AuthorizationServer,
  client: ClientRegistration,
  transaction: AuthorizationTransaction,
  code: string,
  options: EndpointOptions = {},
): Promise<TokenResponse> {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code });
  if (transaction.redirectUri !== undefined) body.set('redirect_uri', transaction.redirectUri);
  if (transaction.codeVerifier !== undefined) body.set('code_verifier', transaction.codeVerifier);
  const response = await postForm(server.tokenEndpoint, client, body, options);
  return processTokenResponse(response, server.tokenEndpoint, options.clock);
}

/**
 * Uses a refresh token (RFC 6749 §6). When the answer carries a new refresh token, the old one is
 * dead: store the new one before using the access token (RFC 9700 §4.14). `invalid_grant` means
 * the link must be made again.
 * @throws {OAuthResponseError} {@link ResponseError} {@link TransportError}
 */
export async function refreshTokens(
  server: AuthorizationServer,
  client: ClientRegistration,
  refreshToken: string,
  options: EndpointOptions & { readonly scope?: string } = {},
): Promise<TokenResponse> {
  const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
  if (options.scope !== undefined) body.set('scope', options.scope);
  const response = await postForm(server.tokenEndpoint, client, body, options);
  return processTokenResponse(response, server.tokenEndpoint, options.clock);
}

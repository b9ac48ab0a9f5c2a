// Stripe Connect OAuth (Standard accounts): its endpoints as data and its dialect of RFC 6749.
import type { CallbackInput } from '../callback-params.js';
import { ResponseError } from '../errors.js';
import type { HttpOptions } from '../http.js';
import type { Limits } from '../limits.js';
import type { AuthorizationTransaction, ClientRegistration } from '../oauth2/authorization.js';
import type { ValidatedCallback } from '../oauth2/callback.js';
import { OAuth2Client } from '../oauth2/client.js';
import type { AuthorizationServer } from '../oauth2/server.js';
import { postForm, type TokenResponse } from '../oauth2/token.js';
import type { Clock, RandomSource } from '../random.js';
import { errorFromResponse, jsonObject } from '../response-body.js';

/** The endpoints of Stripe Connect OAuth. */
export interface StripeConnectEndpoints {
  readonly authorizationEndpoint: string;
  /** For Express accounts. */
  readonly expressAuthorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly deauthorizationEndpoint: string;
}

/** Stripe Connect's endpoints: no PKCE, no `iss`, the platform's secret key as client credential. */
export const STRIPE_CONNECT: StripeConnectEndpoints = Object.freeze({
  authorizationEndpoint: 'https://connect.stripe.com/oauth/authorize',
  expressAuthorizationEndpoint: 'https://connect.stripe.com/express/oauth/authorize',
  tokenEndpoint: 'https://connect.stripe.com/oauth/token',
  deauthorizationEndpoint: 'https://connect.stripe.com/oauth/deauthorize',
});

/** The scopes Stripe Connect grants. */
export type StripeScope = 'read_write' | 'read_only';

/** Options of {@link StripeConnect}. */
export interface StripeConnectOptions extends HttpOptions {
  /** The platform's Connect client id, `ca_…`. */
  readonly clientId: string;
  /** The platform's secret API key, `sk_…`, which authenticates token and deauthorize requests. */
  readonly secretKey: string;
  /** One of the redirect URIs registered in the Connect settings. */
  readonly redirectUri?: string;
  /** Endpoints to use instead of Stripe's (a local server in tests). */
  readonly endpoints?: Partial<StripeConnectEndpoints>;
  readonly limits?: Partial<Limits>;
  readonly clock?: Clock;
  readonly random?: RandomSource;
}

/** Stripe's token response: the standard fields plus the connected account's. */
export interface StripeConnectTokens extends TokenResponse {
  /** The connected account id, `acct_…`: the one field Stripe recommends storing. */
  readonly stripeUserId: string;
  /** The account's publishable key, `pk_…`. */
  readonly stripePublishableKey: string | undefined;
  /** Whether the keys are live-mode keys. */
  readonly livemode: boolean | undefined;
}

/**
 * Links Stripe accounts through Connect OAuth: authorize with `scope` `read_write` or `read_only`,
 * exchange the code with the secret key (`Authorization: Bearer sk_…`), keep `stripe_user_id`,
 * `stripe_publishable_key` and `livemode`, refresh, and {@link StripeConnect.deauthorize}.
 */
export class StripeConnect {
  readonly #oauth: OAuth2Client;
  readonly #options: StripeConnectOptions;
  readonly #endpoints: StripeConnectEndpoints;
  readonly #client: ClientRegistration;

  /** @throws {InsecureUrlError} when an endpoint is not https (nor allowed loopback http). */
  constructor(options: StripeConnectOptions) {
    this.#options = options;
    this.#endpoints = { ...STRIPE_CONNECT, ...options.endpoints };
    this.#client = {
      clientId: options.clientId,
      ...(options.redirectUri === undefined ? {} : { redirectUri: options.redirectUri }),
      authentication: { method: 'secret_key_bearer', secretKey: options.secretKey },
    };
    const server: AuthorizationServer = {
      authorizationEndpoint: this.#endpoints.authorizationEndpoint,
      tokenEndpoint: this.#endpoints.tokenEndpoint,
      pkce: false,
    };
    this.#oauth = new OAuth2Client({ ...options, server, client: this.#client });
  }

  /**
   * The URL to send the account owner to, and the transaction to store. `params` carries
   * Stripe's extras (`stripe_landing`, `always_prompt`, `stripe_user[email]` …).
   */
  authorize(options: { scope?: StripeScope; params?: Readonly<Record<string, string>> } = {}): {
    url: URL;
    transaction: AuthorizationTransaction;
  } {
    return this.#oauth.authorize({
      scope: options.scope ?? 'read_write',
      ...(options.params === undefined ? {} : { params: options.params }),
    });
  }

  /** Checks the callback's `state` (Stripe sends no `iss`); `access_denied` becomes an error. */
  validateCallback(input: CallbackInput, transaction: AuthorizationTransaction): ValidatedCallback {
    return this.#oauth.validateCallback(input, transaction);
  }

  /**
   * Exchanges the `ac_…` code for the account's tokens.
   * @throws {OAuthResponseError} e.g. `invalid_grant`; {@link ResponseError} when `stripe_user_id` is missing.
   */
  async exchangeCode(
    code: string,
    transaction: AuthorizationTransaction,
  ): Promise<StripeConnectTokens> {
    return stripeTokens(await this.#oauth.exchangeCode(code, transaction));
  }

  /** Validates the callback and exchanges its code. */
  async completeAuthorization(
    input: CallbackInput,
    transaction: AuthorizationTransaction,
  ): Promise<StripeConnectTokens> {
    return this.exchangeCode(this.validateCallback(input, transaction).code, transaction);
  }

  /** Refreshes the account's access token; `scope` may narrow `read_write` to `read_only`. */
  async refresh(refreshToken: string, scope?: StripeScope): Promise<StripeConnectTokens> {
    return stripeTokens(
      await this.#oauth.refresh(refreshToken, scope === undefined ? {} : { scope }),
    );
  }

  /**
   * Disconnects an account from the platform (`POST /oauth/deauthorize`).
   * @throws {OAuthResponseError} {@link ResponseError} {@link TransportError}
   */
  async deauthorize(stripeUserId: string): Promise<{ stripeUserId: string }> {
    const where = this.#endpoints.deauthorizationEndpoint;
    const body = new URLSearchParams({
      client_id: this.#options.clientId,
      stripe_user_id: stripeUserId,
    });
    const response = await postForm(where, this.#client, body, this.#options);
    if (response.status !== 200) throw errorFromResponse(response, where);
    const fields = jsonObject(response, where);
    if (typeof fields.stripe_user_id !== 'string')
      throw new ResponseError(
        'ERR_INVALID_RESPONSE',
        200,
        `${where} answered without stripe_user_id`,
      );
    return { stripeUserId: fields.stripe_user_id };
  }
}

function stripeTokens(tokens: TokenResponse): StripeConnectTokens {
  const { stripe_user_id, stripe_publishable_key, livemode } = tokens.fields;
  if (typeof stripe_user_id !== 'string')
    throw new ResponseError(
      'ERR_INVALID_RESPONSE',
      200,
      'the Stripe token response has no stripe_user_id string',
    );
  return {
    ...tokens,
    stripeUserId: stripe_user_id,
    stripePublishableKey:
      typeof stripe_publishable_key === 'string' ? stripe_publishable_key : undefined,
    livemode: typeof livemode === 'boolean' ? livemode : undefined,
  };
}

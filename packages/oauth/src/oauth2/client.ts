// One authorization server and one client registration, bound together with their options.
import type { CallbackInput } from '../callback-params.js';
import { assertSecureUrl, type HttpOptions } from '../http.js';
import { type Limits, resolveLimits } from '../limits.js';
import type { Clock, RandomSource } from '../random.js';
import {
  type AuthorizationOptions,
  type AuthorizationTransaction,
  type ClientRegistration,
  createAuthorization,
} from './authorization.js';
import { type ValidatedCallback, validateCallback } from './callback.js';
import { revokeToken } from './revocation.js';
import type { AuthorizationServer } from './server.js';
import { type EndpointOptions, exchangeCode, refreshTokens, type TokenResponse } from './token.js';

/** Options of {@link OAuth2Client}. */
export interface OAuth2ClientOptions extends HttpOptions {
  readonly server: AuthorizationServer;
  readonly client: ClientRegistration;
  readonly limits?: Partial<Limits>;
  readonly clock?: Clock;
  readonly random?: RandomSource;
}

/**
 * The authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636) for one server and client: each
 * method is one of the exported steps with the bound options. It keeps no per-user state; the
 * caller stores each {@link AuthorizationTransaction} until its callback.
 */
export class OAuth2Client {
  readonly #options: OAuth2ClientOptions;

  /**
   * @throws {InsecureUrlError} when an endpoint is not https (nor allowed loopback http).
   * @throws {RangeError} when a limit is not a positive number.
   */
  constructor(options: OAuth2ClientOptions) {
    resolveLimits(options.limits);
    const { server } = options;
    for (const url of [
      server.authorizationEndpoint,
      server.tokenEndpoint,
      server.revocationEndpoint,
    ])
      if (url !== undefined) assertSecureUrl(url, options.allowInsecureRequests);
    this.#options = options;
  }

  /** The server this client talks to. */
  get server(): AuthorizationServer {
    return this.#options.server;
  }

  /** {@link createAuthorization} with this client. */
  authorize(options: Omit<AuthorizationOptions, 'random' | 'clock'> = {}): {
    url: URL;
    transaction: AuthorizationTransaction;
  } {
    const { random, clock } = this.#options;
    return createAuthorization(this.#options.server, this.#options.client, {
      ...options,
      ...(random === undefined ? {} : { random }),
      ...(clock === undefined ? {} : { clock }),
    });
  }

  /** {@link validateCallback} with this client's server and limits. */
  validateCallback(input: CallbackInput, transaction: AuthorizationTransaction): ValidatedCallback {
    return validateCallback(this.#options.server, transaction, input, this.#endpointOptions());
  }

  /** {@link exchangeCode} with this client. */
  exchangeCode(code: string, transaction: AuthorizationTransaction): Promise<TokenResponse> {
    const { server, client } = this.#options;
    return exchangeCode(server, client, transaction, code, this.#endpointOptions());
  }

  /** Validates the callback, then exchanges its code: the usual pair in one call. */
  async completeAuthorization(
    input: CallbackInput,
    transaction: AuthorizationTransaction,
  ): Promise<TokenResponse> {
    return this.exchangeCode(this.validateCallback(input, transaction).code, transaction);
  }

  /** {@link refreshTokens} with this client. */
  refresh(refreshToken: string, options: { scope?: string } = {}): Promise<TokenResponse> {
    const { server, client } = this.#options;
    return refreshTokens(server, client, refreshToken, { ...this.#endpointOptions(), ...options });
  }

  /** {@link revokeToken} with this client. */
  revoke(token: string, tokenTypeHint?: 'access_token' | 'refresh_token'): Promise<void> {
    const { server, client } = this.#options;
    return revokeToken(server, client, token, {
      ...this.#endpointOptions(),
      ...(tokenTypeHint === undefined ? {} : { tokenTypeHint }),
    });
  }

  #endpointOptions(): EndpointOptions {
    const { fetch, allowInsecureRequests, signal, limits, clock } = this.#options;
    return {
      ...(fetch === undefined ? {} : { fetch }),
      ...(allowInsecureRequests === undefined ? {} : { allowInsecureRequests }),
      ...(signal === undefined ? {} : { signal }),
      ...(limits === undefined ? {} : { limits }),
      ...(clock === undefined ? {} : { clock }),
    };
  }
}

// The OAuth 1.0a three-legged flow (RFC 5849 §2) and signed requests, as a small client.
import {
  type CallbackInput,
  callbackParams,
  requiredParam,
  singleParam,
} from '../callback-params.js';
import { timingSafeEqual } from '../compare.js';
import { AuthorizationResponseError, CallbackError, ResponseError } from '../errors.js';
import { assertSecureUrl, type HttpOptions, type ReadResponse, send } from '../http.js';
import { type Limits, resolveLimits } from '../limits.js';
import type { Clock, RandomSource } from '../random.js';
import { errorFromResponse } from '../response-body.js';
import {
  type ConsumerCredentials,
  type OAuth1Signature,
  type RsaConsumerCredentials,
  signOAuth1,
  type TokenCredentials,
} from './sign.js';
import { importRsaSha1Key, type SignatureMethod, type WebCryptoKey } from './signature-methods.js';

/** The three endpoints of RFC 5849 §2. */
export interface OAuth1Endpoints {
  /** Temporary Credential Request endpoint (§2.1), e.g. X's `/oauth/request_token`. */
  readonly requestToken: string;
  /** Resource Owner Authorization endpoint (§2.2), e.g. X's `/oauth/authorize` or `/oauth/authenticate`. */
  readonly authorize: string;
  /** Token Request endpoint (§2.3), e.g. X's `/oauth/access_token`. */
  readonly accessToken: string;
}

/** Options of {@link OAuth1Client}. */
export interface OAuth1ClientOptions extends HttpOptions {
  readonly consumer: ConsumerCredentials | RsaConsumerCredentials;
  readonly endpoints: OAuth1Endpoints;
  /** Default HMAC-SHA1, the method every provider accepts. */
  readonly signatureMethod?: SignatureMethod;
  /** `realm` sent in every Authorization header. */
  readonly realm?: string;
  /** `false` leaves `oauth_version=1.0` out. */
  readonly version?: false;
  readonly nonceLength?: number;
  readonly random?: RandomSource;
  readonly clock?: Clock;
  readonly limits?: Partial<Limits>;
}

/** Credentials a server issued, with every field of its response (X adds `user_id`, `screen_name`). */
export interface IssuedCredentials extends TokenCredentials {
  /** Every field of the form-encoded response, `oauth_token` and `oauth_token_secret` included. */
  readonly fields: Readonly<Record<string, string>>;
}

/** What a valid callback carries (RFC 5849 §2.2). */
export interface OAuth1Callback {
  /** `oauth_verifier`, to be sent with the token request. */
  readonly verifier: string;
  /** Every parameter of the callback. */
  readonly fields: Readonly<Record<string, string>>;
}

/** A request to sign and send with token credentials. */
export interface SignedRequestInit extends Omit<RequestInit, 'body'> {
  /** The token credentials to sign with (from {@link OAuth1Client.accessToken}). */
  readonly token?: TokenCredentials;
  /** A form body (signed, §3.4.1.3.1) or any other body (not signed). */
  readonly body?: URLSearchParams | string | Uint8Array;
}

/**
 * An OAuth 1.0a client of one provider: temporary credentials (§2.1), the authorization URL
 * (§2.2), callback validation, token credentials (§2.3), and signed requests (§3). It keeps no
 * per-user state: the caller stores the temporary credentials between the steps.
 */
export class OAuth1Client {
  readonly #options: OAuth1ClientOptions;
  readonly #limits: Limits;
  /** The RSA-SHA1 key imported once, when the consumer gives a PEM. */
  #rsaKey: Promise<WebCryptoKey> | undefined;

  /**
   * @throws {RangeError} when a limit is not a positive number.
   * @throws {InsecureUrlError} when an endpoint is not https (nor allowed loopback http).
   */
  constructor(options: OAuth1ClientOptions) {
    this.#options = options;
    this.#limits = resolveLimits(options.limits);
    for (const url of Object.values(options.endpoints))
      assertSecureUrl(url, options.allowInsecureRequests);
  }

  /**
   * Signs a request with the client's consumer credentials and `token`.
   * @throws {EncodingError} {@link KeyError}
   */
  async sign(request: {
    method: string;
    url: string | URL;
    body?: string | URLSearchParams;
    token?: TokenCredentials;
    callback?: string;
    verifier?: string;
  }): Promise<OAuth1Signature> {
    const o = this.#options;
    let consumer = o.consumer;
    if ('privateKey' in consumer && typeof consumer.privateKey === 'string') {
      this.#rsaKey ??= importRsaSha1Key(consumer.privateKey);
      consumer = { key: consumer.key, privateKey: await this.#rsaKey };
    }
    return signOAuth1({
      ...request,
      consumer,
      signatureMethod: o.signatureMethod ?? 'HMAC-SHA1',
      ...(o.realm === undefined ? {} : { realm: o.realm }),
      ...(o.version === undefined ? {} : { version: o.version }),
      ...(o.nonceLength === undefined ? {} : { nonceLength: o.nonceLength }),
      ...(o.random === undefined ? {} : { random: o.random }),
      ...(o.clock === undefined ? {} : { clock: o.clock }),
    });
  }

  /**
   * Asks for temporary credentials (RFC 5849 §2.1), sending `oauth_callback`, and refuses an
   * answer without `oauth_callback_confirmed=true`.
   * @param callback The callback URL, or `oob` when there is none.
   * @throws {OAuthResponseError} when the server refuses; {@link CallbackError}
   * `ERR_CALLBACK_NOT_CONFIRMED`; {@link ResponseError}; {@link TransportError}; {@link LimitExceededError}.
   */
  async requestToken(callback: string): Promise<IssuedCredentials> {
    const url = this.#options.endpoints.requestToken;
    const credentials = await this.#post(url, await this.sign({ method: 'POST', url, callback }));
    if (credentials.fields.oauth_callback_confirmed !== 'true')
      throw new CallbackError(
        'ERR_CALLBACK_NOT_CONFIRMED',
        'oauth_callback_confirmed',
        `${url} did not confirm the callback (oauth_callback_confirmed is not "true")`,
      );
    return credentials;
  }

  /**
   * The URL to send the user to (RFC 5849 §2.2), carrying `oauth_token` and any extra parameters
   * (X accepts `force_login`, `screen_name`).
   */
  authorizationUrl(
    temporary: Pick<TokenCredentials, 'key'>,
    params: Readonly<Record<string, string>> = {},
  ): URL {
    const url = new URL(this.#options.endpoints.authorize);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    url.searchParams.set('oauth_token', temporary.key);
    return url;
  }

  /**
   * Checks the redirect back from the provider (RFC 5849 §2.2): `oauth_token` must be the one
   * issued with `temporary`, and `oauth_verifier` present. X's `denied` parameter becomes an
   * `access_denied` error.
   * @throws {CallbackError} `ERR_TOKEN_MISMATCH`, `ERR_MISSING_PARAMETER`, `ERR_DUPLICATE_PARAMETER`.
   * @throws {AuthorizationResponseError} when the user denied access.
   * @throws {LimitExceededError} when the callback is too long.
   */
  validateCallback(input: CallbackInput, temporary: Pick<TokenCredentials, 'key'>): OAuth1Callback {
    const params = callbackParams(input, this.#limits);
    if (singleParam(params, 'denied') !== undefined)
      throw new AuthorizationResponseError('access_denied', 'the user denied access', undefined);
    const token = requiredParam(params, 'oauth_token', 'the callback');
    if (!timingSafeEqual(token, temporary.key))
      throw new CallbackError(
        'ERR_TOKEN_MISMATCH',
        'oauth_token',
        'the callback carries an oauth_token that is not the one issued for this transaction',
      );
    const verifier = requiredParam(params, 'oauth_verifier', 'the callback');
    return { verifier, fields: Object.fromEntries(params) };
  }

  /**
   * Exchanges temporary credentials and the verifier for token credentials (RFC 5849 §2.3),
   * keeping every field of the answer.
   * @throws {OAuthResponseError} {@link ResponseError} {@link TransportError} {@link LimitExceededError}
   */
  async accessToken(temporary: TokenCredentials, verifier: string): Promise<IssuedCredentials> {
    const url = this.#options.endpoints.accessToken;
    return this.#post(url, await this.sign({ method: 'POST', url, token: temporary, verifier }));
  }

  /**
   * Sends a request signed with `init.token` (RFC 5849 §3). A `URLSearchParams` body is sent as
   * `application/x-www-form-urlencoded` and its parameters are signed, as is a string body sent
   * with that content type. Redirects are not followed (the signature covers the URL).
   * @throws {InsecureUrlError} {@link EncodingError} {@link KeyError}
   */
  async fetch(url: string | URL, init: SignedRequestInit = {}): Promise<Response> {
    const { token, body, ...rest } = init;
    const target = assertSecureUrl(url, this.#options.allowInsecureRequests);
    const method = (rest.method ?? 'GET').toUpperCase();
    const headers = new Headers(rest.headers);
    const form =
      body instanceof URLSearchParams ||
      (typeof body === 'string' &&
        /^application\/x-www-form-urlencoded/i.test(headers.get('content-type') ?? ''));
    if (body instanceof URLSearchParams)
      headers.set('content-type', 'application/x-www-form-urlencoded');
    const signed = await this.sign({
      method,
      url: target,
      ...(form ? { body: body as string | URLSearchParams } : {}),
      ...(token === undefined ? {} : { token }),
    });
    headers.set('authorization', signed.authorization);
    const timeout = AbortSignal.timeout(this.#limits.timeoutMs);
    const signals = [timeout, rest.signal, this.#options.signal].filter(
      (s): s is AbortSignal => s instanceof AbortSignal,
    );
    return (this.#options.fetch ?? fetch)(target, {
      ...rest,
      method,
      headers,
      redirect: 'manual',
      signal: AbortSignal.any(signals),
      ...(body === undefined
        ? {}
        : { body: body instanceof URLSearchParams ? body.toString() : body }),
    });
  }

  async #post(url: string, signed: OAuth1Signature): Promise<IssuedCredentials> {
    const headers = new Headers({ authorization: signed.authorization });
    const response = await send(url, { method: 'POST', headers }, this.#options, this.#limits);
    return credentialsFrom(response, url);
  }
}

/** Token or temporary credentials from a form-encoded answer (RFC 5849 §2.1, §2.3). */
function credentialsFrom(response: ReadResponse, where: string): IssuedCredentials {
  if (response.status < 200 || response.status > 299) throw errorFromResponse(response, where);
  const form = new URLSearchParams(response.text);
  const key = form.get('oauth_token');
  const secret = form.get('oauth_token_secret');
  if (!key || secret === null)
    throw new ResponseError(
      'ERR_INVALID_RESPONSE',
      response.status,
      `${where} answered ${response.status} without oauth_token and oauth_token_secret`,
    );
  return { key, secret, fields: Object.fromEntries(form) };
}

/**
 * @packageDocumentation
 * OAuth clients for linking outside accounts: OAuth 1.0a (RFC 5849) signatures and the
 * three-legged flow, and the OAuth 2.0 authorization code flow with PKCE (RFC 6749, 7636, 9207,
 * 8414, 7009) following the security BCP (RFC 9700), as small steps a server can put its own
 * storage between; presets for Stripe Connect and X. Runs on `fetch`, WebCrypto and
 * `@noble/hashes`, in Node, browsers and edge runtimes.
 */

/** A callback URL, query string or parameters. */
export type { CallbackInput } from './callback-params.js';
/** Errors: one base class, a `code` union, one class per kind. */
export {
  AuthorizationResponseError,
  CallbackError,
  type CallbackErrorCode,
  EncodingError,
  InsecureUrlError,
  KeyError,
  LimitExceededError,
  OAuthError,
  type OAuthErrorCode,
  OAuthResponseError,
  ResponseError,
  TransportError,
} from './errors.js';
/** Request options shared by every client: `fetch`, loopback http, abort signal. */
export type { HttpOptions } from './http.js';
/** Limits on response sizes, time and stored transactions. */
export { DEFAULT_LIMITS, type Limits } from './limits.js';
/** RFC 5849 §3.4.1 signature base string and its parts. */
export {
  type BaseStringRequest,
  baseStringUri,
  normalizeParameters,
  type ParameterInput,
  signatureBaseString,
} from './oauth1/base-string.js';
/** RFC 5849 §2 three-legged flow and signed requests. */
export {
  type IssuedCredentials,
  type OAuth1Callback,
  OAuth1Client,
  type OAuth1ClientOptions,
  type OAuth1Endpoints,
  type SignedRequestInit,
} from './oauth1/client.js';
/** RFC 5849 §3.3 nonces and timestamps. */
export { DEFAULT_NONCE_LENGTH, generateNonce, timestamp } from './oauth1/nonce.js';
/** RFC 5849 §3.6 percent-encoding. */
export { percentEncode } from './oauth1/percent-encode.js';
/** RFC 5849 §3.1 signing a request, §3.5.1 the Authorization header. */
export {
  authorizationHeader,
  type ConsumerCredentials,
  type OAuth1Signature,
  type RsaConsumerCredentials,
  type SignOAuth1Request,
  signOAuth1,
  type TokenCredentials,
} from './oauth1/sign.js';
/** RFC 5849 §3.4.2–3.4.4 signature methods. */
export {
  hmacSignature,
  importRsaSha1Key,
  rsaSha1Signature,
  SIGNATURE_METHODS,
  type SignatureMethod,
  signingKey,
  type WebCryptoKey,
} from './oauth1/signature-methods.js';
/** RFC 6749 §4.1.1 authorization request and the transaction record. */
export {
  type AuthorizationOptions,
  type AuthorizationTransaction,
  type ClientRegistration,
  createAuthorization,
} from './oauth2/authorization.js';
/** RFC 6749 §4.1.2 callback validation with RFC 9207 `iss`. */
export {
  type CallbackOptions,
  type ValidatedCallback,
  validateCallback,
} from './oauth2/callback.js';
/** The OAuth 2.0 steps bound to one server and client. */
export { OAuth2Client, type OAuth2ClientOptions } from './oauth2/client.js';
/** RFC 6749 §2.3 client authentication. */
export {
  basicAuthorization,
  type ClientAuthentication,
} from './oauth2/client-authentication.js';
/** RFC 7636 PKCE. */
export {
  generateCodeVerifier,
  generatePkce,
  type PkcePair,
  pkceChallenge,
} from './oauth2/pkce.js';
/** RFC 7009 revocation. */
export { revokeToken } from './oauth2/revocation.js';
/** RFC 8414 authorization server metadata. */
export {
  type AuthorizationServer,
  type DiscoveryOptions,
  discover,
  metadataUrl,
} from './oauth2/server.js';
/** RFC 6749 §4.1.3, §5, §6 token requests and responses. */
export {
  type EndpointOptions,
  exchangeCode,
  processTokenResponse,
  refreshTokens,
  type TokenResponse,
} from './oauth2/token.js';
/** One-time storage of transactions. */
export { MemoryTransactionStore, type TransactionStore } from './oauth2/transaction-store.js';
/** Stripe Connect preset. */
export {
  STRIPE_CONNECT,
  StripeConnect,
  type StripeConnectEndpoints,
  type StripeConnectOptions,
  type StripeConnectTokens,
  type StripeScope,
} from './providers/stripe.js';
/** X presets, OAuth 1.0a and OAuth 2.0. */
export {
  X_OAUTH1,
  X_OAUTH2,
  type XOAuth1Endpoints,
  type XOAuth1Options,
  type XOAuth2Options,
  xOAuth1Client,
  xOAuth2Client,
} from './providers/x.js';
/** Injectable randomness and clock, for reproducible tests. */
export type { Clock, RandomSource } from './random.js';

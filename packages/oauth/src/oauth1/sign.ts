// RFC 5849 §3.1–3.5 signing a request: protocol parameters, signature, Authorization header.
import type { Clock, RandomSource } from '../random.js';
import { parameterPairs, signatureBaseString } from './base-string.js';
import { timestamp as currentTimestamp, DEFAULT_NONCE_LENGTH, generateNonce } from './nonce.js';
import { percentEncode } from './percent-encode.js';
import {
  hmacSignature,
  rsaSha1Signature,
  SIGNATURE_METHODS,
  type SignatureMethod,
  signingKey,
  type WebCryptoKey,
} from './signature-methods.js';

/** Client credentials for HMAC and PLAINTEXT signatures (RFC 5849 §1.1). */
export interface ConsumerCredentials {
  readonly key: string;
  readonly secret: string;
}

/** Client credentials for RSA-SHA1: a PKCS #8 PEM private key, or one already imported. */
export interface RsaConsumerCredentials {
  readonly key: string;
  readonly privateKey: string | WebCryptoKey;
}

/** Token credentials or temporary credentials (RFC 5849 §1.1): the token and its secret. */
export interface TokenCredentials {
  readonly key: string;
  readonly secret: string;
}

/** A request to sign with {@link signOAuth1}. */
export interface SignOAuth1Request {
  /** The HTTP method. */
  readonly method: string;
  /** The full request URL; its query parameters are signed. */
  readonly url: string | URL;
  /**
   * The `application/x-www-form-urlencoded` body whose parameters are signed (§3.4.1.3.1): a
   * string (where `+` is a space) or `URLSearchParams`. Leave it out for other bodies.
   */
  readonly body?: string | URLSearchParams;
  readonly consumer: ConsumerCredentials | RsaConsumerCredentials;
  /** The token and its secret; absent when asking for temporary credentials. */
  readonly token?: TokenCredentials;
  /** Default `HMAC-SHA1`, as `OAuth1Client` has it; `RSA-SHA1` needs an RSA consumer. */
  readonly signatureMethod?: SignatureMethod;
  /** Fixed nonce (tests, vectors); default a fresh CSPRNG nonce. */
  readonly nonce?: string;
  /** Fixed `oauth_timestamp` (tests, vectors); default the clock's seconds. */
  readonly timestamp?: string;
  /** `oauth_callback` (§2.1), sent when asking for temporary credentials: a URL or `oob`. */
  readonly callback?: string;
  /** `oauth_verifier` (§2.3), sent when asking for token credentials. */
  readonly verifier?: string;
  /** `realm` in the Authorization header (§3.5.1); never signed. */
  readonly realm?: string;
  /** `false` leaves `oauth_version` out, as RFC 5849's own examples do. Default sends `1.0`. */
  readonly version?: false;
  /** Further `oauth_*` protocol parameters to sign and send (e.g. `oauth_body_hash`). */
  readonly extraOAuthParams?: Readonly<Record<string, string>>;
  /** Nonce length when the nonce is generated. Default {@link DEFAULT_NONCE_LENGTH}. */
  readonly nonceLength?: number;
  /** Source of random bytes for the nonce. Default the platform CSPRNG. */
  readonly random?: RandomSource;
  /** The clock for the timestamp. Default `Date.now`. */
  readonly clock?: Clock;
}

/** The result of {@link signOAuth1}. */
export interface OAuth1Signature {
  /** The `oauth_signature` value, not yet percent-encoded. */
  readonly signature: string;
  /** The signature base string (§3.4.1) that was signed. */
  readonly baseString: string;
  /** Every protocol parameter sent, `oauth_signature` included, `realm` excluded. */
  readonly params: Readonly<Record<string, string>>;
  /** The `Authorization` header value (§3.5.1): `OAuth realm="…", oauth_…="…"`. */
  readonly authorization: string;
}

/** The protocol parameters signOAuth1 sets itself (RFC 5849 §3.1). */
const RESERVED = new Set([
  'oauth_callback',
  'oauth_consumer_key',
  'oauth_nonce',
  'oauth_signature',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_token',
  'oauth_verifier',
  'oauth_version',
]);

/**
 * Signs a request (RFC 5849 §3.1): gathers the protocol parameters, builds the base string from
 * them, the URL's query and the form body (§3.4.1), signs it with the chosen method (§3.4.2–3.4.4)
 * and renders the Authorization header (§3.5.1).
 * @throws {EncodingError} when a parameter holds a lone surrogate.
 * @throws {KeyError} when an RSA-SHA1 key cannot be imported.
 * @throws {TypeError} when the method and the consumer credentials do not fit, an extra parameter
 * is not a further `oauth_*` one, or the URL is not absolute.
 */
export async function signOAuth1(request: SignOAuth1Request): Promise<OAuth1Signature> {
  const { consumer, signatureMethod = 'HMAC-SHA1' } = request;
  if (!SIGNATURE_METHODS.includes(signatureMethod))
    throw new TypeError(
      `signatureMethod must be one of ${SIGNATURE_METHODS.join(', ')}, got ${String(signatureMethod)}`,
    );
  const rsa = signatureMethod === 'RSA-SHA1';
  if (rsa !== 'privateKey' in consumer)
    throw new TypeError(
      rsa
        ? 'RSA-SHA1 needs consumer.privateKey (a PKCS #8 PEM or CryptoKey)'
        : `${signatureMethod} needs consumer.secret`,
    );
  const params: Record<string, string> = {};
  if (request.callback !== undefined) params.oauth_callback = request.callback;
  params.oauth_consumer_key = consumer.key;
  params.oauth_nonce =
    request.nonce ?? generateNonce(request.nonceLength ?? DEFAULT_NONCE_LENGTH, request.random);
  params.oauth_signature_method = signatureMethod;
  params.oauth_timestamp = request.timestamp ?? currentTimestamp(request.clock);
  if (request.token !== undefined) params.oauth_token = request.token.key;
  if (request.verifier !== undefined) params.oauth_verifier = request.verifier;
  if (request.version !== false) params.oauth_version = '1.0';
  for (const [name, value] of Object.entries(request.extraOAuthParams ?? {})) {
    if (!name.startsWith('oauth_') || RESERVED.has(name))
      throw new TypeError(
        `extraOAuthParams.${name}: only further oauth_* parameters may be added, not ones signOAuth1 sets`,
      );
    params[name] = value;
  }

  const signed: (readonly [string, string])[] = Object.entries(params);
  if (request.body !== undefined) signed.push(...bodyPairs(request.body));
  const baseString = signatureBaseString({
    method: request.method,
    url: request.url,
    params: signed,
  });
  const signature =
    'privateKey' in consumer
      ? await rsaSha1Signature(baseString, consumer.privateKey)
      : sign(
          signatureMethod,
          baseString,
          signingKey(consumer.secret, request.token?.secret),
          request.token ?? consumer,
        );
  params.oauth_signature = signature;
  return {
    signature,
    baseString,
    params,
    authorization: authorizationHeader(params, request.realm),
  };
}

function sign(method: SignatureMethod, baseString: string, key: string, owner: object): string {
  return method === 'PLAINTEXT'
    ? key
    : hmacSignature(method as 'HMAC-SHA1' | 'HMAC-SHA256', baseString, key, owner);
}

function bodyPairs(body: string | URLSearchParams): (readonly [string, string])[] {
  return parameterPairs(typeof body === 'string' ? new URLSearchParams(body) : body);
}

/**
 * The `Authorization` header value (RFC 5849 §3.5.1): `OAuth`, then `realm` if given, then each
 * protocol parameter as `name="value"` with name and value percent-encoded, comma-separated.
 * @throws {EncodingError} when a value holds a lone surrogate.
 */
export function authorizationHeader(
  params: Readonly<Record<string, string>>,
  realm?: string,
): string {
  const parts: string[] = [];
  if (realm !== undefined) parts.push(`realm="${realm.replace(/["\\]/g, '\\$&')}"`);
  for (const [name, value] of Object.entries(params))
    parts.push(`${percentEncode(name)}="${percentEncode(value)}"`);
  return `OAuth ${parts.join(', ')}`;
}

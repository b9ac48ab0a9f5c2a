// RFC 5849 §3.4.2–3.4.4 signature methods: HMAC-SHA1, HMAC-SHA256, RSA-SHA1 and PLAINTEXT.
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64 } from '../base64.js';
import { KeyError } from '../errors.js';
import { percentEncode } from './percent-encode.js';

/** A key WebCrypto imported (`CryptoKey`), named without the DOM library's global types. */
export type WebCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** The signature methods this package signs with. */
export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256' | 'RSA-SHA1' | 'PLAINTEXT';

/** The signature methods, as a list (for validation and tests). */
export const SIGNATURE_METHODS: readonly SignatureMethod[] = Object.freeze([
  'HMAC-SHA1',
  'HMAC-SHA256',
  'RSA-SHA1',
  'PLAINTEXT',
]);

/**
 * The HMAC and PLAINTEXT key (RFC 5849 §3.4.2): the encoded consumer secret, `&`, and the encoded
 * token secret; the `&` is there even when the token secret is empty.
 */
export function signingKey(consumerSecret: string, tokenSecret = ''): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

const encoder = new TextEncoder();

type KeyedHmac = ReturnType<typeof hmac.create>;

/**
 * Keyed HMAC states, kept as long as the credentials object they were made for (the token's, or
 * the consumer's when there is none), so signing many requests with the same credentials skips
 * the key schedule. An entry is used only for the very key and method it was made with.
 */
const keyedStates = new WeakMap<object, { key: string; method: string; state: KeyedHmac }>();

/**
 * HMAC-SHA1 (RFC 5849 §3.4.2) or HMAC-SHA256 (the same construction with SHA-256), base64.
 * `owner`, when given, is the credentials object whose keyed state may be reused.
 */
export function hmacSignature(
  method: 'HMAC-SHA1' | 'HMAC-SHA256',
  baseString: string,
  key: string,
  owner?: object,
): string {
  let state: KeyedHmac;
  const cached = owner === undefined ? undefined : keyedStates.get(owner);
  if (cached !== undefined && cached.key === key && cached.method === method) state = cached.state;
  else {
    state = hmac.create(method === 'HMAC-SHA1' ? sha1 : sha256, encoder.encode(key));
    if (owner !== undefined) keyedStates.set(owner, { key, method, state });
  }
  return base64(state.clone().update(encoder.encode(baseString)).digest());
}

/**
 * Imports a PKCS #8 PEM RSA private key for RSA-SHA1 (RSASSA-PKCS1-v1_5 with SHA-1) through
 * WebCrypto, so one key can sign many requests without being parsed again.
 * @throws {KeyError} when the PEM is not a PKCS #8 RSA private key.
 */
export async function importRsaSha1Key(pem: string): Promise<WebCryptoKey> {
  const match = /-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END PRIVATE KEY-----/.exec(pem);
  if (match === null)
    throw new KeyError(
      'the RSA-SHA1 key is not a PKCS #8 PEM ("-----BEGIN PRIVATE KEY-----"); convert PKCS #1 keys with `openssl pkcs8 -topk8 -nocrypt`',
    );
  const der = Uint8Array.from(atob((match[1] as string).replace(/\s+/g, '')), (c) =>
    c.charCodeAt(0),
  );
  try {
    return await crypto.subtle.importKey(
      'pkcs8',
      der,
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' },
      false,
      ['sign'],
    );
  } catch (error) {
    throw new KeyError('WebCrypto could not import the RSA-SHA1 private key', { cause: error });
  }
}

/**
 * RSA-SHA1 (RFC 5849 §3.4.3): RSASSA-PKCS1-v1_5 over the base string with SHA-1, base64.
 * @throws {KeyError} when the key cannot be imported or used.
 */
export async function rsaSha1Signature(
  baseString: string,
  privateKey: string | WebCryptoKey,
): Promise<string> {
  const key = typeof privateKey === 'string' ? await importRsaSha1Key(privateKey) : privateKey;
  try {
    const signature = await crypto.subtle.sign(
      'RSASSA-PKCS1-v1_5',
      key,
      encoder.encode(baseString),
    );
    return base64(new Uint8Array(signature));
  } catch (error) {
    throw new KeyError('the RSA-SHA1 key cannot sign (not an RSASSA-PKCS1-v1_5 SHA-1 key)', {
      cause: error,
    });
  }
}

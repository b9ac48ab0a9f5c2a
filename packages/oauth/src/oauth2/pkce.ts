// RFC 7636 Proof Key for Code Exchange: a CSPRNG code verifier and its S256 challenge.
import { sha256 } from '@noble/hashes/sha2.js';
import { base64url } from '../base64.js';
import { cryptoRandom, type RandomSource, randomToken } from '../random.js';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * A fresh code verifier (RFC 7636 §4.1): 32 CSPRNG bytes as 43 base64url characters.
 */
export function generateCodeVerifier(random: RandomSource = cryptoRandom): string {
  return randomToken(32, random);
}

/**
 * The S256 code challenge of `verifier` (RFC 7636 §4.2): `BASE64URL(SHA256(ASCII(verifier)))`.
 * `plain` is never used (RFC 9700 §2.1.1).
 * @throws {TypeError} when `verifier` is not 43–128 characters of `[A-Za-z0-9-._~]`.
 */
export function pkceChallenge(verifier: string): string {
  if (!VERIFIER.test(verifier))
    throw new TypeError(
      'a PKCE code verifier is 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_", "~" (RFC 7636 §4.1)',
    );
  const bytes = new Uint8Array(verifier.length);
  for (let i = 0; i < verifier.length; i++) bytes[i] = verifier.charCodeAt(i);
  return base64url(sha256(bytes));
}

/** A verifier and its S256 challenge, as one pair. */
export interface PkcePair {
  readonly verifier: string;
  readonly challenge: string;
  readonly method: 'S256';
}

/** A fresh verifier with its S256 challenge (RFC 7636 §4.1–4.2). */
export function generatePkce(random: RandomSource = cryptoRandom): PkcePair {
  const verifier = generateCodeVerifier(random);
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

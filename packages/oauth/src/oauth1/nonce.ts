// RFC 5849 §3.3 nonces and timestamps: CSPRNG nonces, whole seconds since the epoch.
import { type Clock, cryptoRandom, type RandomSource, randomAlphanumeric } from '../random.js';

/**
 * Default nonce length: 24 characters of `[A-Za-z0-9]` (143 bits), inside the 20–30 character
 * rule common providers (python-oauthlib) enforce.
 */
export const DEFAULT_NONCE_LENGTH = 24;

/**
 * A fresh nonce of `length` characters of `[A-Za-z0-9]` from a CSPRNG (RFC 5849 §3.3).
 * @throws {RangeError} when `length` is not a positive integer.
 */
export function generateNonce(
  length = DEFAULT_NONCE_LENGTH,
  random: RandomSource = cryptoRandom,
): string {
  return randomAlphanumeric(length, random);
}

/** The timestamp of RFC 5849 §3.3: whole seconds since the epoch, as a decimal string. */
export function timestamp(clock: Clock = Date.now): string {
  return String(Math.floor(clock() / 1000));
}

// Randomness from a CSPRNG, with the source injectable so test vectors can fix it.
import { base64url } from './base64.ts';

/** Fills `bytes` with random values and returns them, as `crypto.getRandomValues` does. */
export type RandomSource = (bytes: Uint8Array) => Uint8Array;

/** The platform CSPRNG (`crypto.getRandomValues`). */
export const cryptoRandom: RandomSource = (bytes) => crypto.getRandomValues(bytes);

/** A clock returning milliseconds since the epoch, as `Date.now` does. */
export type Clock = () => number;

/** `byteLength` random bytes as base64url: 32 bytes give 43 characters of `[A-Za-z0-9_-]`. */
export function randomToken(byteLength: number, random: RandomSource = cryptoRandom): string {
  return base64url(random(new Uint8Array(byteLength)));
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `length` characters of `[A-Za-z0-9]`, uniformly: bytes at or above 248 (4 × 62) are
 * rejected so that no character is likelier than another.
 * @throws {RangeError} when `length` is not a positive integer.
 */
export function randomAlphanumeric(length: number, random: RandomSource = cryptoRandom): string {
  if (!Number.isInteger(length) || length < 1)
    throw new RangeError(`length must be a positive integer, got ${length}`);
  let out = '';
  for (let round = 0; out.length < length; round++) {
    if (round === 16) throw new RangeError('the random source returns no usable bytes');
    for (const byte of random(new Uint8Array(length * 2))) {
      if (byte < 248) out += ALPHANUMERIC[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

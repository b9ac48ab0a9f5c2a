// Randomness from a CSPRNG, with the source injectable so test vectors can fix it.
import { base64url } from './base64.js';

/** Fills `bytes` with random values and returns them, as `crypto.getRandomValues` does. */
export type RandomSource = (bytes: Uint8Array) => Uint8Array;

const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

/**
 * The platform CSPRNG (`crypto.getRandomValues`). Small requests are served from a pool refilled
 * 4 KiB at a time, as Node's `randomBytes` does, since each call into the CSPRNG has a fixed cost;
 * bytes handed out are erased from the pool.
 */
export const cryptoRandom: RandomSource = (bytes) => {
  if (bytes.length > 256) return crypto.getRandomValues(bytes);
  if (poolOffset + bytes.length > POOL_SIZE) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const end = poolOffset + bytes.length;
  bytes.set(pool.subarray(poolOffset, end));
  pool.fill(0, poolOffset, end);
  poolOffset = end;
  return bytes;
};

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

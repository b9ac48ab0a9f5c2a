// The parameters of the strong hashes, their defaults and the bounds a file may use. The bounds
// keep a mistyped file from stalling a node (scrypt with N = 2^30 would want 128 GiB).

/** scrypt cost (RFC 7914 §2): CPU/memory cost `N` (a power of two), block size `r`, parallelism `p`. */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** Argon2id cost (RFC 9106 §3.1): memory `m` in KiB, passes `t`, lanes `p`. Version 0x13. */
export interface Argon2idParams {
  readonly m: number;
  readonly t: number;
  readonly p: number;
}

/**
 * 8 MiB and 45–80 ms per verification (idle to busy) with `@noble/hashes` on a 2-core machine
 * running Node 20: the most that keeps one login under 100 ms there (N = 2^14 doubles it).
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 13, r: 8, p: 1 });

/**
 * 4 MiB, 2 passes, 1 lane: 60–85 ms per verification with `@noble/hashes` on the same machine. Two
 * passes rather than one pass over 8 MiB, because one-pass Argon2id is the weakest against
 * time-memory trade-offs (RFC 9106 §7.2 recommends more passes when memory is limited).
 */
export const DEFAULT_ARGON2ID_PARAMS: Argon2idParams = Object.freeze({ m: 4096, t: 2, p: 1 });

/** Salt bytes of the entries this package writes (RFC 9106 §3.1 recommends 16). */
export const SALT_BYTES = 16;

/** Bytes of the derived key this package writes for scrypt and Argon2id. */
export const KEY_BYTES = 32;

/** Bounds on what a file may ask for: at most 1 GiB of memory per verification. */
const MAX_MEMORY_BYTES = 2 ** 30;

type Check = readonly [field: string, problem: string] | undefined;

const isInt = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;

/** The first problem with scrypt parameters, as `[field, problem]`, or `undefined`. */
export function checkScryptParams(params: ScryptParams): Check {
  const { N, r, p } = params;
  if (!isInt(N, 2, 2 ** 24) || (N & (N - 1)) !== 0)
    return ['N', 'must be a power of two from 2 to 2^24'];
  if (!isInt(r, 1, 64)) return ['r', 'must be an integer from 1 to 64'];
  if (!isInt(p, 1, 16)) return ['p', 'must be an integer from 1 to 16'];
  if (128 * N * r > MAX_MEMORY_BYTES) return ['N', 'with this r needs more than 1 GiB'];
  return undefined;
}

/** The first problem with Argon2id parameters, as `[field, problem]`, or `undefined`. */
export function checkArgon2idParams(params: Argon2idParams): Check {
  const { m, t, p } = params;
  if (!isInt(p, 1, 16)) return ['p', 'must be an integer from 1 to 16'];
  if (!isInt(t, 1, 64)) return ['t', 'must be an integer from 1 to 64'];
  if (!isInt(m, 8 * p, MAX_MEMORY_BYTES / 1024))
    return ['m', 'must be an integer KiB count from 8·p to 2^20 (1 GiB)'];
  return undefined;
}

// The one place where a password becomes hash bytes, for hashing new entries and for verifying.
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Argon2idParams, ScryptParams } from './hash-params.js';

/** What a derivation needs besides the password: algorithm, salt and cost. */
export type DerivationSpec =
  | { readonly alg: 'sha256-salt'; readonly salt: Uint8Array }
  | { readonly alg: 'scrypt'; readonly salt: Uint8Array; readonly params: ScryptParams }
  | { readonly alg: 'argon2id'; readonly salt: Uint8Array; readonly params: Argon2idParams };

// Above the 1 GiB the parameter bounds allow, plus scrypt's p·r blocks.
const SCRYPT_MAXMEM = 2 ** 31;

/**
 * The hash of `password` (UTF-8 bytes) under `spec`, `dkLen` bytes long (sha256-salt is always 32).
 * Graphene's legacy form is sha256(password ‖ salt), the raw salt bytes after the password.
 * The strong hashes run in slices that yield to the event loop, so a login does not stall a server.
 */
export function derive(
  spec: DerivationSpec,
  password: Uint8Array,
  dkLen: number,
): Promise<Uint8Array> {
  switch (spec.alg) {
    case 'sha256-salt': {
      const input = new Uint8Array(password.length + spec.salt.length);
      input.set(password, 0);
      input.set(spec.salt, password.length);
      return Promise.resolve(sha256(input));
    }
    case 'scrypt':
      return scryptAsync(password, spec.salt, { ...spec.params, dkLen, maxmem: SCRYPT_MAXMEM });
    case 'argon2id':
      return argon2idAsync(password, spec.salt, { ...spec.params, dkLen });
  }
}

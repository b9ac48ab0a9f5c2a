// The password part of a permission_map entry: the JSON fields as written in api-access.json, and
// their decoded form, checked once when the file is loaded so that a login only hashes and compares.
import { decodeBase64Strict } from './base64.js';
import { PermissionMapError, type PermissionMapLocation } from './errors.js';
import {
  type Argon2idParams,
  checkArgon2idParams,
  checkScryptParams,
  type ScryptParams,
} from './hash-params.js';
import { expectObject, expectString, type JsonObject } from './json-shape.js';

/** The hash algorithms of `password_hash_alg`; `sha256-salt` (Graphene's) when the field is absent. */
export type HashAlgorithm = 'sha256-salt' | 'scrypt' | 'argon2id';

export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['sha256-salt', 'scrypt', 'argon2id'];

/** The password fields of a permission_map entry, exactly as they appear in api-access.json. */
export type PasswordFields =
  | {
      /** base64 of sha256(password ‖ salt), or `"*"` for any password. */
      readonly password_hash_b64: string;
      /** base64 of the salt bytes; `"*"` stands for no salt, as in Graphene. */
      readonly password_salt_b64: string;
      readonly password_hash_alg?: 'sha256-salt';
    }
  | {
      readonly password_hash_b64: string;
      readonly password_salt_b64: string;
      readonly password_hash_alg: 'scrypt';
      readonly password_hash_params: ScryptParams;
    }
  | {
      readonly password_hash_b64: string;
      readonly password_salt_b64: string;
      readonly password_hash_alg: 'argon2id';
      readonly password_hash_params: Argon2idParams;
    };

/** The field names of {@link PasswordFields}. */
export const PASSWORD_FIELD_NAMES = [
  'password_hash_b64',
  'password_salt_b64',
  'password_hash_alg',
  'password_hash_params',
] as const;

/** A decoded password check: what a login's password is compared against. */
export type PasswordCheck =
  | { readonly alg: 'any' }
  | { readonly alg: 'sha256-salt'; readonly hash: Uint8Array; readonly salt: Uint8Array }
  | {
      readonly alg: 'scrypt';
      readonly hash: Uint8Array;
      readonly salt: Uint8Array;
      readonly params: ScryptParams;
    }
  | {
      readonly alg: 'argon2id';
      readonly hash: Uint8Array;
      readonly salt: Uint8Array;
      readonly params: Argon2idParams;
    };

const SHA256_BYTES = 32;

/**
 * Checks and decodes the password fields of one entry (other keys of `entry` are not looked at).
 * Throws {@link PermissionMapError} naming the field.
 */
export function decodePasswordFields(entry: JsonObject, at: PermissionMapLocation): PasswordCheck {
  const field = (name: string): PermissionMapLocation => ({ ...at, field: name });
  const hashText = expectString(entry.password_hash_b64, field('password_hash_b64'));
  const saltText = expectString(entry.password_salt_b64, field('password_salt_b64'));
  const alg = entry.password_hash_alg ?? 'sha256-salt';
  if (!HASH_ALGORITHMS.includes(alg as HashAlgorithm))
    throw new PermissionMapError(
      `must be one of ${HASH_ALGORITHMS.join(', ')}`,
      field('password_hash_alg'),
    );

  if (alg === 'sha256-salt') {
    if ('password_hash_params' in entry)
      throw new PermissionMapError('is not used by sha256-salt', field('password_hash_params'));
    // Graphene compares nothing when the hash is "*", whatever the salt.
    if (hashText === '*') {
      if (saltText !== '*') decodeBytes(saltText, field('password_salt_b64'), 0);
      return { alg: 'any' };
    }
    const hash = decodeBytes(hashText, field('password_hash_b64'), SHA256_BYTES, SHA256_BYTES);
    // fc's lenient decoder reads "*" as no bytes: Graphene then hashes the password alone.
    const salt =
      saltText === '*' ? new Uint8Array(0) : decodeBytes(saltText, field('password_salt_b64'), 0);
    return { alg, hash, salt };
  }

  const hash = decodeBytes(hashText, field('password_hash_b64'), 16, 64);
  const salt = decodeBytes(saltText, field('password_salt_b64'), 8, 64);
  const where = field('password_hash_params');
  const raw = expectObject(
    entry.password_hash_params,
    where,
    alg === 'scrypt' ? ['N', 'r', 'p'] : ['m', 't', 'p'],
  );
  if (alg === 'scrypt') {
    const params = { N: raw.N, r: raw.r, p: raw.p } as ScryptParams;
    failOn(checkScryptParams(params), at);
    return { alg, hash, salt, params: Object.freeze(params) };
  }
  const params = { m: raw.m, t: raw.t, p: raw.p } as Argon2idParams;
  failOn(checkArgon2idParams(params), at);
  return { alg: 'argon2id', hash, salt, params: Object.freeze(params) };
}

function failOn(problem: readonly [string, string] | undefined, at: PermissionMapLocation): void {
  if (problem)
    throw new PermissionMapError(problem[1], {
      ...at,
      field: `password_hash_params.${problem[0]}`,
    });
}

function decodeBytes(
  text: string,
  at: PermissionMapLocation,
  min: number,
  max = Number.POSITIVE_INFINITY,
): Uint8Array {
  const bytes = decodeBase64Strict(text);
  if (bytes === undefined) throw new PermissionMapError('is not canonical padded base64', at);
  if (bytes.length < min || bytes.length > max) {
    const expected =
      min === max
        ? `${min}`
        : max === Number.POSITIVE_INFINITY
          ? `at least ${min}`
          : `${min} to ${max}`;
    throw new PermissionMapError(`decodes to ${bytes.length} bytes, expected ${expected}`, at);
  }
  return bytes;
}

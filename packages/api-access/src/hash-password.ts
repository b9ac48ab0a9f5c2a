// Hashing a new password into the password fields of a permission_map entry.
import { randomBytes } from '@noble/hashes/utils.js';
import { encodeBase64 } from './base64.js';
import { derive } from './derive.js';
import {
  type Argon2idParams,
  checkArgon2idParams,
  checkScryptParams,
  DEFAULT_ARGON2ID_PARAMS,
  DEFAULT_SCRYPT_PARAMS,
  KEY_BYTES,
  SALT_BYTES,
  type ScryptParams,
} from './hash-params.js';
import { HASH_ALGORITHMS, type HashAlgorithm, type PasswordFields } from './password-fields.js';

/** Options of {@link hashPassword}. */
export interface HashPasswordOptions {
  /** Default `scrypt`. `sha256-salt` is Graphene's legacy form, for files a Graphene node reads. */
  readonly alg?: HashAlgorithm;
  /** Cost of scrypt or Argon2id; defaults {@link DEFAULT_SCRYPT_PARAMS} / {@link DEFAULT_ARGON2ID_PARAMS}. */
  readonly params?: ScryptParams | Argon2idParams;
}

const utf8 = new TextEncoder();

/**
 * Hashes `password` (as UTF-8) with a fresh random 16-byte salt and returns the password fields of
 * a permission_map entry. For `sha256-salt` these are exactly Graphene's two fields (what
 * `saltpass.py` prints); for `scrypt` and `argon2id` they add `password_hash_alg` and
 * `password_hash_params`, which Graphene nodes ignore.
 *
 * @throws {TypeError} when `password` is not a string.
 * @throws {RangeError} for an unknown algorithm or parameters out of bounds.
 */
export async function hashPassword(
  password: string,
  options: HashPasswordOptions = {},
): Promise<PasswordFields> {
  if (typeof password !== 'string') throw new TypeError('password must be a string');
  const alg = options.alg ?? 'scrypt';
  const salt = randomBytes(SALT_BYTES);
  const bytes = utf8.encode(password);
  const encoded = async (hash: Promise<Uint8Array>) => ({
    password_hash_b64: encodeBase64(await hash),
    password_salt_b64: encodeBase64(salt),
  });
  switch (alg) {
    case 'sha256-salt':
      if (options.params !== undefined) throw new RangeError('sha256-salt takes no params');
      return encoded(derive({ alg, salt }, bytes, 32));
    case 'scrypt': {
      const params = pick<ScryptParams>(options.params ?? DEFAULT_SCRYPT_PARAMS, ['N', 'r', 'p']);
      reject(checkScryptParams(params));
      const fields = await encoded(derive({ alg, salt, params }, bytes, KEY_BYTES));
      return { ...fields, password_hash_alg: alg, password_hash_params: params };
    }
    case 'argon2id': {
      const params = pick<Argon2idParams>(options.params ?? DEFAULT_ARGON2ID_PARAMS, [
        'm',
        't',
        'p',
      ]);
      reject(checkArgon2idParams(params));
      const fields = await encoded(derive({ alg, salt, params }, bytes, KEY_BYTES));
      return { ...fields, password_hash_alg: alg, password_hash_params: params };
    }
    default:
      throw new RangeError(`alg must be one of ${HASH_ALGORITHMS.join(', ')}`);
  }
}

/** Only the known keys, so that a stray option never reaches the file. */
function pick<T>(params: object, keys: readonly string[]): T {
  const source = params as Record<string, unknown>;
  return Object.freeze(Object.fromEntries(keys.map((key) => [key, source[key]]))) as T;
}

function reject(problem: readonly [string, string] | undefined): void {
  if (problem) throw new RangeError(`params.${problem[0]} ${problem[1]}`);
}

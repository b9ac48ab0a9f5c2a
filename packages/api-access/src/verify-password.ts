// Checking a password against an entry's password fields, in constant time.
import { timingSafeEqual } from 'node:crypto';
import { derive } from './derive.js';
import { isJsonObject } from './json-shape.js';
import {
  decodePasswordFields,
  type PasswordCheck,
  type PasswordFields,
} from './password-fields.js';

const utf8 = new TextEncoder();

/**
 * Whether `password` matches a decoded check. The comparison takes the same time wherever the
 * bytes differ; only the length of the stored hash, which is not secret, shapes it.
 */
export async function checkPassword(check: PasswordCheck, password: string): Promise<boolean> {
  if (check.alg === 'any') return true;
  const actual = await derive(check, utf8.encode(password), check.hash.length);
  return actual.length === check.hash.length && timingSafeEqual(actual, check.hash);
}

/**
 * Whether `password` matches the password fields of a permission_map entry
 * (`password_hash_b64`, `password_salt_b64`, optional `password_hash_alg` and `password_hash_params`).
 * Resolves `true` for the hash `"*"`, as Graphene does.
 *
 * @throws {PermissionMapError} when the fields are malformed (bad base64, unknown algorithm …).
 * @throws {TypeError} when `password` is not a string or `fields` not an object.
 */
export async function verifyPassword(fields: PasswordFields, password: string): Promise<boolean> {
  if (typeof password !== 'string') throw new TypeError('password must be a string');
  if (!isJsonObject(fields)) throw new TypeError('fields must be an object');
  return checkPassword(decodePasswordFields(fields, {}), password);
}

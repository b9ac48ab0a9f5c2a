// A stand-in password check for user names the map does not list, so that a login for an unknown
// name costs the same hash as one for a listed name with a wrong password.
import { randomBytes } from '@noble/hashes/utils.js';
import type { PasswordCheck } from './password-fields.js';
import { type PermissionMap, WILDCARD } from './permission-map.js';

/** A password check that no password passes. */
type RealCheck = Exclude<PasswordCheck, { alg: 'any' }>;

/**
 * A check with the algorithm, parameters, hash and salt lengths most listed users have (the first
 * of them on a tie), and random hash and salt; `undefined` when no listed user has a password.
 */
export function decoyCheck(map: PermissionMap): RealCheck | undefined {
  const counts = new Map<string, { check: RealCheck; count: number }>();
  for (const entry of map.values()) {
    const check = entry.password;
    if (entry.user === WILDCARD || check.alg === 'any') continue;
    const params = 'params' in check ? JSON.stringify(check.params) : '';
    const shape = `${check.alg} ${params} ${check.hash.length} ${check.salt.length}`;
    const seen = counts.get(shape) ?? { check, count: 0 };
    seen.count += 1;
    counts.set(shape, seen);
  }
  let most: { check: RealCheck; count: number } | undefined;
  for (const seen of counts.values())
    if (most === undefined || seen.count > most.count) most = seen;
  if (most === undefined) return undefined;
  const { check } = most;
  return Object.freeze({
    ...check,
    hash: randomBytes(check.hash.length),
    salt: randomBytes(check.salt.length),
  });
}

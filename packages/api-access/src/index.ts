/**
 * `@convene/api-access`: Graphene's api-access.json, bit-compatible: who may use which API on a
 * node, with legacy salted SHA-256, scrypt and Argon2id hashes, login throttling and reload.
 *
 * @packageDocumentation
 */

/** Adding, changing and deleting a user of an api-access.json in place, as the CLI does. */
export {
  type AddUserOptions,
  addUser,
  type ChangePasswordOptions,
  changePassword,
  deleteUser,
} from './access-file.js';
/** Errors thrown by this package, with stable `code`s. */
export {
  AccessFileEditError,
  ApiAccessError,
  type ApiAccessErrorCode,
  LimitExceededError,
  LOGIN_THROTTLED,
  LoginThrottledError,
  PermissionMapError,
  type PermissionMapLocation,
  PermissionMapReadError,
} from './errors.js';
/** Grants, the peer of a login, and the permission rule (the same as rpc-core's). */
export { type Grant, isAllowed, type PeerInfo, permissionFor } from './grant.js';
/** Default costs and the parameter types of the strong hashes. */
export {
  type Argon2idParams,
  DEFAULT_ARGON2ID_PARAMS,
  DEFAULT_SCRYPT_PARAMS,
  type ScryptParams,
} from './hash-params.js';
/** Hashing a password into the fields of a new permission_map entry. */
export { type HashPasswordOptions, hashPassword } from './hash-password.js';
/** The bounds on files and credentials, and their defaults. */
export { DEFAULT_LIMITS, type Limits } from './limits.js';
/** Reading an api-access.json file. */
export { type LoadOptions, loadPermissionMap } from './load.js';
/** The fields and decoded form of an entry's password. */
export type { HashAlgorithm, PasswordCheck, PasswordFields } from './password-fields.js';
/** Parsing and checking an api-access document. */
export {
  findEntry,
  type ParseOptions,
  type PermissionEntry,
  type PermissionMap,
  parsePermissionMap,
  WILDCARD,
} from './permission-map.js';
/** The access policy: rpc-core's Authenticator, with throttling and reload. */
export {
  AccessPolicy,
  type AccessPolicyOptions,
  createAccessPolicy,
  type PermissionSource,
} from './policy.js';
/** Options of the failed-login throttle. */
export type { ThrottleOptions } from './throttle.js';
/** Checking a password against an entry's fields. */
export { verifyPassword } from './verify-password.js';

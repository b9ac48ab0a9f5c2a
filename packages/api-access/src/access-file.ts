// Editing an api-access.json from code as the CLI does: a user added, given a new password or
// deleted, every other entry kept as it was and where it was, the file replaced atomically.
import { hashPassword } from './hash-password.js';
import { type HashAlgorithm, PASSWORD_FIELD_NAMES } from './password-fields.js';
import { PermissionFile } from './permission-file.js';
import { WILDCARD } from './permission-map.js';

/** Options of {@link addUser}. */
export interface AddUserOptions {
  /** The entry's `allowed_apis`; default none. */
  readonly apis?: readonly string[] | undefined;
  /** The password hash; default `scrypt`. `sha256-salt` is the form a Graphene node reads. */
  readonly alg?: HashAlgorithm | undefined;
  /** Start the file (mode 0600) when it does not exist; default `false`. */
  readonly create?: boolean | undefined;
}

/** Options of {@link changePassword}. */
export interface ChangePasswordOptions {
  /** New `allowed_apis`; default: the entry's own. */
  readonly apis?: readonly string[] | undefined;
  /** The password hash; default: the entry's own algorithm (`scrypt` for the `"*"` entry). */
  readonly alg?: HashAlgorithm | undefined;
}

function checkPassword(password: string): void {
  if (typeof password !== 'string') throw new TypeError('password must be a string');
  if (password === '') throw new RangeError('password must not be empty');
}

/**
 * Adds `user` with a fresh hash of `password` at the end of the api-access file at `path`, which
 * is checked as a node reads it and replaced atomically with its permissions kept.
 *
 * @throws {AccessFileEditError} when `user` is already listed (the file is unchanged).
 * @throws {PermissionMapReadError | PermissionMapError | LimitExceededError} as loading does.
 * @throws {RangeError} for an empty password.
 */
export async function addUser(
  path: string,
  user: string,
  password: string,
  options: AddUserOptions = {},
): Promise<void> {
  checkPassword(password);
  const file = await PermissionFile.read(path, options.create === true);
  file.refuseListed(user);
  const fields = await hashPassword(password, { alg: options.alg ?? 'scrypt' });
  file.pairs.push([user, { ...fields, allowed_apis: [...(options.apis ?? [])] }]);
  await file.save();
}

/**
 * Gives the listed `user` a fresh hash of `password`, keeping the entry's place, its other fields
 * and (unless given) its APIs and algorithm; the file is replaced atomically.
 *
 * @throws {AccessFileEditError} when `user` is not listed (the file is unchanged).
 * @throws {PermissionMapReadError | PermissionMapError | LimitExceededError} as loading does.
 * @throws {RangeError} for an empty password.
 */
export async function changePassword(
  path: string,
  user: string,
  password: string,
  options: ChangePasswordOptions = {},
): Promise<void> {
  checkPassword(password);
  const file = await PermissionFile.read(path);
  const index = file.find(user);
  const [, entry] = file.pairs[index] as [string, Record<string, unknown>];
  const fields = await hashPassword(password, { alg: options.alg ?? algorithmOfEntry(entry) });
  // The new password fields first, then the entry's other fields as they were.
  const rest = Object.fromEntries(
    Object.entries(entry).filter(
      ([key]) => !(PASSWORD_FIELD_NAMES as readonly string[]).includes(key),
    ),
  );
  const apis = options.apis === undefined ? {} : { allowed_apis: [...options.apis] };
  file.pairs[index] = [user, { ...fields, ...rest, ...apis }];
  await file.save();
}

/**
 * Removes the listed `user` from the api-access file; the file is replaced atomically.
 *
 * @throws {AccessFileEditError} when `user` is not listed (the file is unchanged).
 * @throws {PermissionMapReadError | PermissionMapError | LimitExceededError} as loading does.
 */
export async function deleteUser(path: string, user: string): Promise<void> {
  const file = await PermissionFile.read(path);
  file.pairs.splice(file.find(user), 1);
  await file.save();
}

/** The algorithm of an entry's password; scrypt for an entry that takes any password ("*"). */
function algorithmOfEntry(entry: Record<string, unknown>): HashAlgorithm {
  if (entry.password_hash_b64 === WILDCARD) return 'scrypt';
  return (entry.password_hash_alg as HashAlgorithm | undefined) ?? 'sha256-salt';
}

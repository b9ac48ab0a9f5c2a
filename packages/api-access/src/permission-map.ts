// api-access.json as Graphene's `--api-access` reads it (libraries/app/include/graphene/app/
// api_access.hpp): {"permission_map": [[user, {password_hash_b64, password_salt_b64, allowed_apis}], ...]}.
import { PermissionMapError, type PermissionMapLocation } from './errors.js';
import { expectArray, expectObject, expectString } from './json-shape.js';
import {
  decodePasswordFields,
  PASSWORD_FIELD_NAMES,
  type PasswordCheck,
} from './password-fields.js';

/** The user name that matches any user not listed, and the hash that matches any password. */
export const WILDCARD = '*';

/** One `[user, {...}]` pair of `permission_map`, checked and decoded. */
export interface PermissionEntry {
  /** The user name, or `"*"` for every user not listed. */
  readonly user: string;
  /** Position of the pair in `permission_map`. */
  readonly index: number;
  /** What the password is checked against. */
  readonly password: PasswordCheck;
  /** Graphene API names (`database_api`, `network_node_api` …), as written; `"*"` is not a wildcard. */
  readonly allowedApis: readonly string[];
}

/** A checked permission map: user name → entry, in file order. */
export type PermissionMap = ReadonlyMap<string, PermissionEntry>;

/** Where parsed text came from, for error messages. */
export interface ParseOptions {
  /** Named in every error message. */
  readonly file?: string;
}

const ENTRY_FIELDS = ['allowed_apis', ...PASSWORD_FIELD_NAMES];
const REQUIRED_ENTRY_FIELDS = ['password_hash_b64', 'password_salt_b64', 'allowed_apis'];

/**
 * Checks an api-access document, given as JSON text or as the parsed value, and decodes it.
 * Stricter than Graphene where Graphene would silently misread: unknown fields, missing fields,
 * duplicate users, wrong types and non-canonical base64 are refused; the object form of
 * `permission_map` is refused as Graphene refuses it.
 *
 * @throws {PermissionMapError} naming the entry index, the user and the field.
 */
export function parsePermissionMap(json: unknown, options: ParseOptions = {}): PermissionMap {
  const file = options.file === undefined ? {} : { file: options.file };
  const document = typeof json === 'string' ? parseJson(json, file) : json;
  const top = expectObject(document, file, ['permission_map']);
  const list = top.permission_map;
  if (typeof list === 'object' && list !== null && !Array.isArray(list))
    throw new PermissionMapError(
      'must be an array of [user, entry] pairs; the object form {"user": {...}} is not read by Graphene either',
      { ...file, field: 'permission_map' },
    );
  const pairs = expectArray(list, { ...file, field: 'permission_map' });
  const map = new Map<string, PermissionEntry>();
  pairs.forEach((pair, index) => {
    const entry = parseEntry(pair, { ...file, index });
    const earlier = map.get(entry.user);
    if (earlier !== undefined)
      throw new PermissionMapError(
        `duplicate user (first listed at permission_map[${earlier.index}])`,
        {
          ...file,
          index,
          user: entry.user,
        },
      );
    map.set(entry.user, entry);
  });
  return map;
}

function parseEntry(pair: unknown, at: PermissionMapLocation): PermissionEntry {
  const items = expectArray(pair, at);
  if (items.length !== 2)
    throw new PermissionMapError(`expected a [user, entry] pair, got ${items.length} items`, at);
  const user = expectString(items[0], at);
  const where = { ...at, user };
  const fields = expectObject(items[1], where, ENTRY_FIELDS, REQUIRED_ENTRY_FIELDS);
  const password = decodePasswordFields(fields, where);
  const apis = expectArray(fields.allowed_apis, { ...where, field: 'allowed_apis' });
  const allowedApis = apis.map((api, i) =>
    expectString(api, { ...where, field: `allowed_apis[${i}]` }),
  );
  return Object.freeze({
    user,
    index: at.index ?? 0,
    password,
    allowedApis: Object.freeze(allowedApis),
  });
}

function parseJson(text: string, at: PermissionMapLocation): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error, which may hold a hash: report the place only.
    const position = /position (\d+)/.exec(String((error as Error).message))?.[1];
    const offset = position === undefined ? undefined : Number(position);
    const place =
      offset === undefined ? '' : ` at line ${lineColumn(text, offset).join(', column ')}`;
    throw new PermissionMapError(`the document is not valid JSON${place}`, at);
  }
}

function lineColumn(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split('\n');
  return [before.length, (before.at(-1)?.length ?? 0) + 1];
}

/**
 * The entry Graphene's login uses for `user`: the exact name first, else the `"*"` entry, else none.
 * A listed user with a wrong password does not fall back to `"*"`: the caller decides that.
 */
export function findEntry(map: PermissionMap, user: string): PermissionEntry | undefined {
  return map.get(user) ?? map.get(WILDCARD);
}

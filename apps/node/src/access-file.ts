// The api-access.json the node writes for itself: a generated organizer password, hashed.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hashPassword } from '@convene/api-access';
import { ConfigError } from './errors.js';

/** The user the generated api-access.json lets write. */
export const ORGANIZER_USER = 'organizer';
/** What anyone may use without logging in, when the node wrote its own api-access.json. */
export const PUBLIC_APIS = ['database_api', 'calendar_api'] as const;
/** What the organizer may use. */
export const ORGANIZER_APIS = [
  'database_api',
  'calendar_api',
  'organizer_api',
  'network_node_api',
] as const;

/** The access file in use, and the organizer password when this call generated it. */
export interface AccessFile {
  path: string;
  /** Set only on the start that wrote the file: the one time it can be shown. */
  generatedPassword?: string;
  /** Removes the file this call wrote (when the start that wrote it fails). */
  discard?: () => void;
}

/** The path of the access file the node generates in `dataDir`. */
export const accessFilePath = (dataDir: string) => join(dataDir, 'api-access.json');

/** A new organizer password and its password fields (a scrypt hash, never the password). */
async function newPassword(): Promise<{ password: string; fields: object }> {
  const password = randomBytes(18).toString('base64url');
  return { password, fields: await hashPassword(password, { alg: 'scrypt' }) };
}

/** The permission map the node generates: the organizer, and `*` for the public APIs. */
function generatedDocument(organizerFields: object) {
  return {
    permission_map: [
      [ORGANIZER_USER, { ...organizerFields, allowed_apis: [...ORGANIZER_APIS] }],
      ['*', { password_hash_b64: '*', password_salt_b64: '*', allowed_apis: [...PUBLIC_APIS] }],
    ],
  };
}

/** Writes `document` to `path` at once (a temporary file renamed over it), readable by the owner only. */
function writeAtomically(path: string, document: unknown): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/**
 * Returns `DATA_DIR/api-access.json`, writing it first when it does not exist: a Graphene
 * permission map in which `*` (anyone, no password) gets {@link PUBLIC_APIS} and `organizer` gets
 * {@link ORGANIZER_APIS} with a generated password stored as a scrypt hash (never in clear).
 */
export async function ensureAccessFile(dataDir: string): Promise<AccessFile> {
  const path = accessFilePath(dataDir);
  if (existsSync(path)) return { path };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const { password, fields } = await newPassword();
  writeAtomically(path, generatedDocument(fields));
  return { path, generatedPassword: password, discard: () => rmSync(path, { force: true }) };
}

/**
 * Gives the organizer of an api-access.json a new generated password and returns it; every other
 * entry stays as it is. A running node watching the file takes the new password at once. When the
 * file does not exist yet, it is created as on first start.
 *
 * @throws {ConfigError} when the file is not a permission map the node can edit.
 */
export async function resetOrganizerPassword(path: string): Promise<string> {
  const { password, fields } = await newPassword();
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeAtomically(path, generatedDocument(fields));
    return password;
  }
  let document: { permission_map?: unknown };
  try {
    document = JSON.parse(readFileSync(path, 'utf8')) as { permission_map?: unknown };
  } catch (error) {
    throw new ConfigError(`${path}: cannot read it as JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  const map = document.permission_map;
  if (!Array.isArray(map)) throw new ConfigError(`${path}: expected a "permission_map" array`);
  const at = map.findIndex((pair) => Array.isArray(pair) && pair[0] === ORGANIZER_USER);
  const apis = (map[at]?.[1] as { allowed_apis?: unknown } | undefined)?.allowed_apis;
  const entry = [ORGANIZER_USER, { ...fields, allowed_apis: apis ?? [...ORGANIZER_APIS] }];
  if (at === -1) map.unshift(entry);
  else map[at] = entry;
  writeAtomically(path, document);
  return password;
}

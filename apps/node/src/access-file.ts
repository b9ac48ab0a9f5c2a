import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '@convene/api-access';

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
}

/**
 * Returns `DATA_DIR/api-access.json`, writing it first when it does not exist: a Graphene
 * permission map in which `*` (anyone, no password) gets {@link PUBLIC_APIS} and `organizer` gets
 * {@link ORGANIZER_APIS} with a generated password stored as a scrypt hash (never in clear).
 */
export async function ensureAccessFile(dataDir: string): Promise<AccessFile> {
  const path = join(dataDir, 'api-access.json');
  if (existsSync(path)) return { path };
  mkdirSync(dataDir, { recursive: true });
  const password = randomBytes(18).toString('base64url');
  const document = {
    permission_map: [
      [
        ORGANIZER_USER,
        { ...(await hashPassword(password, { alg: 'scrypt' })), allowed_apis: [...ORGANIZER_APIS] },
      ],
      ['*', { password_hash_b64: '*', password_salt_b64: '*', allowed_apis: [...PUBLIC_APIS] }],
    ],
  };
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
  return { path, generatedPassword: password };
}

// `convene-node api-key create|list|revoke`: API keys for users of api-access.json, made on the
// client side, stored by the node as verify keys and sealed user keys only.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AccessPolicy } from '@convene/api-access';
import { ConfigError } from '../errors.js';
import { type KeyFile, makeApiKey, openUserKeys, type UserKeys } from './key-material.js';
import { withRegistry } from './registry.js';

/** Where the key commands find the node's storage and access file. */
export interface StorageFlags {
  dataDir: string;
  databaseUrl?: string | undefined;
  apiAccess: string;
}

/** Options of `api-key create`. */
export interface CreateOptions extends StorageFlags {
  user: string;
  readOnly: boolean;
  restrictToSecrets: boolean;
  sessionDuration?: number;
  out: string;
  /** `server_url` for the key file. */
  serverUrl: string;
  /** A key file of the same user whose vault the new key opens too. */
  vaultKey?: string;
}

/** Reads a key file written by `api-key create`. @throws {ConfigError} */
export function readKeyFile(path: string): KeyFile {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the key file (${(error as Error).message})`);
  }
  for (const field of [
    'server_url',
    'api_key_id',
    'api_key_private_key',
    'api_key_secret_key',
    'server_public_key',
    'server_signature',
  ]) {
    if (typeof parsed[field] !== 'string')
      throw new ConfigError(`${path}: "${field}" must be a string`);
  }
  return parsed as unknown as KeyFile;
}

async function checkUser(apiAccess: string, user: string): Promise<void> {
  let policy: AccessPolicy;
  try {
    policy = await AccessPolicy.open(apiAccess);
  } catch (error) {
    throw new ConfigError(
      `${apiAccess}: cannot read the access rules (${(error as Error).message}); start the node once, or pass --api-access`,
    );
  }
  try {
    if (user === '*' || policy.grantFor(user) === null)
      throw new ConfigError(`--user: "${user}" is not a user of ${apiAccess}`);
  } finally {
    policy.close();
  }
}

/** Makes a key and writes its file; resolves to a line for the terminal. */
export async function createApiKey(options: CreateOptions): Promise<string> {
  await checkUser(options.apiAccess, options.user);
  return withRegistry(options, async (registry) => {
    const identity = await registry.identity();
    if (identity === undefined)
      throw new ConfigError('the node has not recorded its keys yet: start it once first');
    const hasUser = await registry.hasUser(options.user);
    let existingUser: UserKeys | undefined;
    if (options.restrictToSecrets) {
      // A restricted key gets no user keys: it reads secrets whose keys it is given elsewhere.
      if (!hasUser)
        throw new ConfigError(
          `"${options.user}" has no vault yet: make an unrestricted key first (a restricted key reads secrets of an existing vault)`,
        );
    } else if (options.vaultKey !== undefined) {
      const other = readKeyFile(options.vaultKey);
      const sealed = await registry.userKeysOf(other.api_key_id);
      if (sealed === undefined || sealed.username !== options.user)
        throw new ConfigError(
          `--vault-key ${options.vaultKey}: not an active unrestricted key of "${options.user}"`,
        );
      existingUser = openUserKeys(sealed.keys, other.api_key_secret_key);
    } else if (hasUser) {
      throw new ConfigError(
        `"${options.user}" has a vault already: pass --vault-key FILE (a key file of this user) so that the new key opens it too`,
      );
    }
    const { record, secrets } = makeApiKey({
      username: options.user,
      write: !options.readOnly,
      restrictToSecrets: options.restrictToSecrets,
      ...(options.sessionDuration === undefined
        ? {}
        : { sessionDuration: options.sessionDuration }),
      ...(existingUser === undefined ? {} : { existingUser }),
    });
    const file: KeyFile = {
      server_url: options.serverUrl,
      ...secrets,
      server_public_key: identity.publicKey,
      server_signature: identity.verifyKey,
      ...(options.sessionDuration === undefined
        ? {}
        : { session_duration: options.sessionDuration }),
    };
    // The file first (refusing to overwrite one), so that no key exists that nobody holds.
    try {
      writeFileSync(options.out, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      throw new ConfigError(`--out ${options.out}: ${(error as Error).message}`);
    }
    try {
      await registry.create(record);
    } catch (error) {
      rmSync(options.out, { force: true });
      throw error;
    }
    const access = options.restrictToSecrets
      ? 'restricted to secrets'
      : options.readOnly
        ? 'read-only'
        : 'read-write';
    return `API key ${record.id} for "${options.user}" (${access}) written to ${options.out}; server_signature ${identity.verifyKey}`;
  });
}

/** The keys of the node, one line each (or JSON). */
export async function listApiKeys(flags: StorageFlags, json: boolean): Promise<string> {
  return withRegistry(flags, async (registry) => {
    const keys = await registry.list();
    if (json) return JSON.stringify(keys, null, 2);
    if (keys.length === 0) return 'no API keys';
    return keys
      .map((key) =>
        [
          key.id,
          key.username,
          key.restrictToSecrets ? 'secrets-only' : key.write ? 'read-write' : 'read-only',
          key.active ? 'active' : 'revoked',
          key.createdAt,
        ].join('  '),
      )
      .join('\n');
  });
}

/** Revokes a key: its sessions end on every node at their next request. */
export async function revokeApiKey(flags: StorageFlags, id: string): Promise<string> {
  return withRegistry(flags, async (registry) => {
    if (!(await registry.revoke(id)))
      throw new ConfigError(`no active API key with id "${id}" (see convene-node api-key list)`);
    return `API key ${id} revoked; its sessions have ended`;
  });
}

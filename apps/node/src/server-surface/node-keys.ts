// The node's long-term keys: an ed25519 signing seed, an x25519 key pair and the secret sealing
// sessions at rest, kept in the data dir (mode 0600), their public halves recorded in the database.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { boxPublicKey, fromHex, randomBytes, signPublicKey, toHex } from '@convene/crypto-session';
import { ConfigError } from '../errors.js';
import type { Queryable } from '../storage/database.js';

/** The node's keys, hex. */
export interface NodeKeys {
  /** ed25519 seed: signs `login_info` and `/server/info/`. */
  readonly signingKey: string;
  /** x25519 secret key (its public half is Psono's `server_public_key`). */
  readonly boxSecretKey: string;
  /** 32 random bytes from which session secrets at rest are sealed with each token. */
  readonly serverSecret: string;
}

/** The public halves a client pins: Psono's `server_signature` and `server_public_key`. */
export interface NodeIdentity {
  /** ed25519 verify key, hex (`server_signature` in Psono's example script). */
  readonly verifyKey: string;
  /** x25519 public key, hex (`server_public_key`). */
  readonly publicKey: string;
}

/** Where the keys live in a data dir. */
export const nodeKeysPath = (dataDir: string) => join(dataDir, 'node-keys.json');

/** The public identity of a set of keys. */
export function identityOf(keys: NodeKeys): NodeIdentity {
  return {
    verifyKey: toHex(signPublicKey(fromHex(keys.signingKey, 'signing key', 32))),
    publicKey: toHex(boxPublicKey(fromHex(keys.boxSecretKey, 'box secret key', 32))),
  };
}

function readKeys(path: string): NodeKeys {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the node's keys (${(error as Error).message})`, {
      cause: error,
    });
  }
  const field = (name: string) => {
    const value = parsed[name];
    if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value))
      throw new ConfigError(`${path}: "${name}" must be 64 lowercase hex digits`);
    return value;
  };
  return {
    signingKey: field('signing_key'),
    boxSecretKey: field('box_secret_key'),
    serverSecret: field('server_secret'),
  };
}

/**
 * The node's keys from `DATA_DIR/node-keys.json`, made on first use (owner-only, written whole or
 * not at all).
 * @throws {ConfigError} the file exists but is not a key file.
 */
export function ensureNodeKeys(dataDir: string): NodeKeys {
  const path = nodeKeysPath(dataDir);
  if (existsSync(path)) return readKeys(path);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const document = {
    signing_key: toHex(randomBytes(32)),
    box_secret_key: toHex(randomBytes(32)),
    server_secret: toHex(randomBytes(32)),
  };
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temporary, path);
  return readKeys(path);
}

/**
 * Records this node's public identity in the database, or checks it against the one recorded:
 * the nodes sharing a database must share their keys, since any of them serves any session.
 * @throws {ConfigError} the database is served under other keys.
 */
export async function recordIdentity(db: Queryable, identity: NodeIdentity, keysFile: string) {
  await db.query(
    'INSERT INTO server_identity (id, verify_key, public_key) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING',
    [identity.verifyKey, identity.publicKey],
  );
  const recorded = await readIdentity(db);
  if (recorded?.verifyKey !== identity.verifyKey || recorded.publicKey !== identity.publicKey)
    throw new ConfigError(
      `this database is served by nodes with the verify key ${recorded?.verifyKey}, not this node's ${keysFile}: copy node-keys.json from one of them into this data dir`,
    );
}

/** The identity recorded in the database, if any node has started on it. */
export async function readIdentity(db: Queryable): Promise<NodeIdentity | undefined> {
  const [row] = await db.query<{ verify_key: string; public_key: string }>(
    'SELECT verify_key, public_key FROM server_identity WHERE id = 1',
  );
  return row && { verifyKey: row.verify_key, publicKey: row.public_key };
}

// The key that seals stored secrets: 32 random bytes in a file only its owner may read.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';

/** The key file the node keeps in its data dir unless `--secrets-key-file` names another. */
export const secretsKeyPath = (dataDir: string) => join(dataDir, 'secrets.key');

const KEY_BYTES = 32;

/**
 * The secrets key: read from `file`, or from the data dir's `secrets.key`, which is made (mode
 * 0600, 32 random bytes as base64url) on first use. A file given by `--secrets-key-file` must
 * exist. A key file that others may read, or that does not hold 32 bytes, is refused.
 *
 * @throws {ConfigError} naming the file and what is wrong with it.
 */
export function loadSecretsKey(dataDir: string, file?: string): Uint8Array {
  const path = file ?? secretsKeyPath(dataDir);
  if (!existsSync(path)) {
    if (file !== undefined) {
      throw new ConfigError(
        `--secrets-key-file ${file}: no such file; make one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))" > ${file} && chmod 600 ${file}`,
      );
    }
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, `${randomBytes(KEY_BYTES).toString('base64url')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    chmodSync(path, 0o600);
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(
      `secrets key ${path}: mode ${mode.toString(8)} lets others read it; run chmod 600 ${path}`,
    );
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url');
  if (key.length !== KEY_BYTES) {
    throw new ConfigError(
      `secrets key ${path}: expected ${KEY_BYTES} bytes as base64url, found ${key.length}`,
    );
  }
  return new Uint8Array(key);
}

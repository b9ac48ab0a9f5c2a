// A session cache in one file, sealed with secretbox under a key the caller holds, written
// atomically with owner-only permissions, so a command-line tool keeps its session across runs.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { openJson, sealJson, utf8 } from '../envelope.js';
import { keyBytes } from '../hex.js';
import { KEY_BYTES } from '../nacl.js';
import { expectObject, parseJson, readEncryptedBody } from '../wire.js';
import type { SessionState } from './client-session.js';
import type { SessionCache } from './session-cache.js';

/**
 * A cache file key derived from the API key's ed25519 seed (HKDF-SHA256, its own label), so the
 * holder of the API key config can read its cache and nobody else can.
 */
export function deriveCacheKey(apiKeyPrivateKey: string | Uint8Array): Uint8Array {
  return hkdf(
    sha256,
    keyBytes(apiKeyPrivateKey, 'apiKeyPrivateKey', KEY_BYTES),
    undefined,
    utf8('convene/crypto-session/cache/v1'),
    KEY_BYTES,
  );
}

/**
 * A {@link SessionCache} in a file whose whole content is `{text, nonce}` sealed under `key`.
 * A file that does not open (other key, changed bytes) counts as empty and is overwritten.
 */
export class FileSessionCache implements SessionCache {
  #path: string;
  #key: Uint8Array;

  /** @throws {RangeError} a key that is not 32 bytes. */
  constructor(options: { path: string; key: string | Uint8Array }) {
    this.#path = options.path;
    this.#key = keyBytes(options.key, 'key', KEY_BYTES);
  }

  async get(key: string): Promise<SessionState | undefined> {
    return (await this.#load())[key];
  }

  async set(key: string, state: SessionState): Promise<void> {
    const entries = await this.#load();
    entries[key] = state;
    await this.#save(entries);
  }

  async delete(key: string): Promise<void> {
    const entries = await this.#load();
    delete entries[key];
    await this.#save(entries);
  }

  async #load(): Promise<Record<string, SessionState>> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    try {
      const sealed = readEncryptedBody(parseJson(text, 'session cache'), 'session cache');
      return expectObject(openJson(sealed, this.#key, 'session cache'), 'session cache') as Record<
        string,
        SessionState
      >;
    } catch {
      return {};
    }
  }

  async #save(entries: Record<string, SessionState>): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true, mode: 0o700 });
    const temporary = `${this.#path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(sealJson(entries, this.#key)), { mode: 0o600 });
    await rename(temporary, this.#path);
  }
}

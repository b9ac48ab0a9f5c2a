// Sealing secrets for the database: XChaCha20-Poly1305 with a random nonce and a context as associated data.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { ConfigError } from '../errors.js';
import type { Queryable } from '../storage/database.js';

const NONCE_BYTES = 24;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Seals and opens short secrets (tokens) under one 32-byte key. Each sealed value is
 * `base64url(nonce ‖ ciphertext ‖ tag)` with a fresh random 24-byte nonce; the `context` (event,
 * provider and field) is bound as associated data, so a value copied to another row or column
 * does not open.
 */
export class TokenBox {
  readonly #key: Uint8Array;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new RangeError('the secrets key must be 32 bytes');
    this.#key = key;
  }

  /** Seals `secret` for `context`. */
  seal(secret: string, context: readonly string[]): string {
    const nonce = randomBytes(NONCE_BYTES);
    const sealed = xchacha20poly1305(this.#key, nonce, aad(context)).encrypt(
      encoder.encode(secret),
    );
    const out = new Uint8Array(NONCE_BYTES + sealed.length);
    out.set(nonce);
    out.set(sealed, NONCE_BYTES);
    return Buffer.from(out).toString('base64url');
  }

  /**
   * Opens a value {@link seal} made for the same `context`.
   * @throws {Error} when the key or the context differ, or the value was altered.
   */
  open(sealed: string, context: readonly string[]): string {
    const bytes = new Uint8Array(Buffer.from(sealed, 'base64url'));
    const nonce = bytes.subarray(0, NONCE_BYTES);
    return decoder.decode(
      xchacha20poly1305(this.#key, nonce, aad(context)).decrypt(bytes.subarray(NONCE_BYTES)),
    );
  }
}

/** The contexts joined with NUL, which none of them contains. */
function aad(context: readonly string[]): Uint8Array {
  return encoder.encode(['convene-secret', ...context].join('\0'));
}

const CHECK_CONTEXT = ['key-check'];
const CHECK_TEXT = 'convene secrets key';

/**
 * Makes sure `box` holds the key the database's secrets were sealed with: the first start seals a
 * known text into `secrets_key_check`; every later start must open it.
 *
 * @throws {ConfigError} when the key differs: better to refuse to start than to fail at each use.
 */
export async function checkSecretsKey(db: Queryable, box: TokenBox, keyPath: string) {
  await db.query(
    'INSERT INTO secrets_key_check (id, sealed) VALUES (1, $1) ON CONFLICT (id) DO NOTHING',
    [box.seal(CHECK_TEXT, CHECK_CONTEXT)],
  );
  const [row] = await db.query<{ sealed: string }>(
    'SELECT sealed FROM secrets_key_check WHERE id = 1',
  );
  let opened: string | undefined;
  try {
    opened = box.open(row?.sealed ?? '', CHECK_CONTEXT);
  } catch {
    opened = undefined;
  }
  if (opened !== CHECK_TEXT) {
    throw new ConfigError(
      `secrets key ${keyPath} is not the key this database's linked-account tokens were sealed with; start with the original key (--secrets-key-file) or every linked account would be lost`,
    );
  }
}

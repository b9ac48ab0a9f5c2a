// What a session store may hold about a token: its SHA-256 as the lookup id, and secrets sealed
// under HKDF(server secret, token), so a dump of the store can neither be read nor replayed.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromUtf8, utf8 } from './envelope.js';
import { TamperedError } from './errors.js';
import { fromHex, toHex } from './hex.js';
import { NONCE_BYTES, randomBytes } from './nacl.js';
import { parseJson } from './wire.js';

const SEAL_INFO = utf8('convene/crypto-session/at-rest/v1');

/** The id a session is stored under: hex SHA-256 of the token's text. The token itself is never stored. */
export function sessionIdOf(token: string): string {
  return toHex(sha256(utf8(token)));
}

function sealingKey(serverSecret: Uint8Array, token: string): Uint8Array {
  return hkdf(sha256, utf8(token), serverSecret, SEAL_INFO, 32);
}

/**
 * Seals `secrets` (JSON) for storage: XChaCha20-Poly1305 under HKDF-SHA256(ikm = token,
 * salt = server secret), the session id as associated data; hex of `nonce || ct`.
 */
export function sealAtRest(
  secrets: unknown,
  serverSecret: Uint8Array,
  token: string,
  id: string,
): string {
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = xchacha20poly1305(sealingKey(serverSecret, token), nonce, utf8(id)).encrypt(
    utf8(JSON.stringify(secrets)),
  );
  return toHex(nonce) + toHex(sealed);
}

/**
 * Opens what {@link sealAtRest} sealed.
 * @throws {TamperedError} other token, other server secret, other id or changed bytes.
 */
export function openAtRest(
  sealed: string,
  serverSecret: Uint8Array,
  token: string,
  id: string,
): unknown {
  const bytes = fromHex(sealed, 'stored session secrets');
  try {
    const plain = xchacha20poly1305(
      sealingKey(serverSecret, token),
      bytes.subarray(0, NONCE_BYTES),
      utf8(id),
    ).decrypt(bytes.subarray(NONCE_BYTES));
    return parseJson(fromUtf8(plain, 'stored session secrets'), 'stored session secrets');
  } catch {
    throw new TamperedError(
      'the stored session secrets do not open with this token and server secret',
    );
  }
}

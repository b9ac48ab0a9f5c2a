// JSON bodies under a session secret key, as Psono's EncryptJSONRenderer and DecryptJSONParser
// carry them: `{text, nonce}` = hex(secretbox(JSON text)) with a fresh random nonce each time.
import { MalformedError } from './errors.js';
import { fromHex, toHex } from './hex.js';
import { NONCE_BYTES, randomBytes, secretboxOpen, secretboxSeal } from './nacl.js';
import { type EncryptedBody, expectObject, parseJson } from './wire.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Text of UTF-8 bytes.
 * @throws {MalformedError} the bytes are not UTF-8.
 */
export function fromUtf8(bytes: Uint8Array, what: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new MalformedError(`${what} is not UTF-8 text`);
  }
}

/** Seals `data` as JSON under `key` with a fresh nonce. */
export function sealJson(data: unknown, key: Uint8Array): EncryptedBody {
  const nonce = randomBytes(NONCE_BYTES);
  return {
    text: toHex(secretboxSeal(utf8(JSON.stringify(data)), nonce, key)),
    nonce: toHex(nonce),
  };
}

/**
 * Opens a parsed `{text, nonce}` body under `key`, decoding each hex field once: the JSON inside,
 * and the nonce for replay checks.
 * @throws {MalformedError} not `{text, nonce}` hex, or the plaintext is not JSON.
 * @throws {TamperedError} the tag does not verify.
 */
export function openSealed(
  body: unknown,
  key: Uint8Array,
  what: string,
): { data: unknown; nonce: Uint8Array } {
  const { text, nonce } = expectObject(body, what);
  const nonceBytes = fromHex(nonce, `${what}.nonce`, NONCE_BYTES);
  const plain = secretboxOpen(fromHex(text, `${what}.text`), nonceBytes, key, what);
  return { data: parseJson(fromUtf8(plain, what), what), nonce: nonceBytes };
}

/**
 * Opens an `{text, nonce}` body (parsed JSON) under `key` and parses the JSON inside.
 * @throws {MalformedError} not `{text, nonce}` hex, or the plaintext is not JSON.
 * @throws {TamperedError} the tag does not verify.
 */
export function openJson(body: EncryptedBody | unknown, key: Uint8Array, what: string): unknown {
  return openSealed(body, key, what).data;
}

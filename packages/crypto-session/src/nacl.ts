// NaCl's crypto_box, crypto_secretbox and ed25519 as libsodium and PyNaCl compute them: box =
// x25519 → HSalsa20 → XSalsa20-Poly1305 (output tag || ct) from @noble/ciphers, the curves on the
// platform's WebCrypto where present and on @noble/curves elsewhere (curves.ts).
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { hsalsa, salsa20 } from '@noble/ciphers/salsa.js';
import { equalBytes, randomBytes as nobleRandomBytes } from '@noble/ciphers/utils.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import {
  ed25519Sign,
  ed25519Verify,
  x25519Ephemeral,
  x25519KeyPair,
  x25519Shared,
} from './curves.js';
import { MalformedError, TamperedError } from './errors.js';

/** Bytes of a crypto_box / secretbox nonce. */
export const NONCE_BYTES = 24;
/** Bytes of a Poly1305 tag, the overhead of every box. */
export const TAG_BYTES = 16;
/** Bytes of x25519 keys, secretbox keys and ed25519 seeds and public keys. */
export const KEY_BYTES = 32;
/** Bytes of an ed25519 signature. */
export const SIGNATURE_BYTES = 64;

// "expand 32-byte k", the Salsa20 constant of HSalsa20, read as little-endian words like the key.
const SIGMA_BYTES = new TextEncoder().encode('expand 32-byte k');
const SIGMA = new Uint32Array(SIGMA_BYTES.buffer, SIGMA_BYTES.byteOffset, 4);
const ZERO16 = new Uint32Array(4);

// One reusable scratch for HSalsa20 (key words, nonce words, subkey words), wiped after each use:
// a fresh typed-array view per message costs more than the 64-byte message's whole cipher work.
const scratch = new Uint32Array(20);
const scratchBytes = new Uint8Array(scratch.buffer);
const keyWords = scratch.subarray(0, 8);
const nonceWords = scratch.subarray(8, 12);
const subkeyWords = scratch.subarray(12, 20);
const subkey = scratchBytes.subarray(48, 80);

// Small requests (nonces, keys, tokens) are cut from one 4 KiB draw of the CSPRNG, since a call
// to getRandomValues costs more than a 64-byte secretbox. Each byte is handed out once and wiped
// from the pool as it goes.
const POOL_BYTES = 4096;
const POOLED_AT_MOST = 256;
const pool = new Uint8Array(POOL_BYTES);
let drawn = POOL_BYTES;

/** `n` bytes from the platform's CSPRNG (`crypto.getRandomValues`). */
export function randomBytes(n: number): Uint8Array {
  if (!(Number.isInteger(n) && n >= 0 && n <= POOLED_AT_MOST)) return nobleRandomBytes(n);
  if (drawn + n > POOL_BYTES) {
    globalThis.crypto.getRandomValues(pool);
    drawn = 0;
  }
  const out = pool.slice(drawn, drawn + n);
  pool.fill(0, drawn, drawn + n);
  drawn += n;
  return out;
}

/**
 * XSalsa20 in one pass over `buffer`: the HSalsa20 subkey of `key` and the nonce's first 16 bytes,
 * then Salsa20 with the last 8. Whatever `buffer` holds is XORed with the keystream, so its first
 * 32 bytes, zero on entry, become the Poly1305 key.
 */
function xsalsa20InPlace(buffer: Uint8Array, nonce: Uint8Array, key: Uint8Array): void {
  scratchBytes.set(key, 0);
  scratchBytes.set(nonce.subarray(0, 16), 32);
  hsalsa(SIGMA, keyWords, nonceWords, subkeyWords);
  try {
    salsa20(subkey, nonce.subarray(16, NONCE_BYTES), buffer, buffer);
  } finally {
    scratchBytes.fill(0);
  }
}

function checkSizes(nonce: Uint8Array, key: Uint8Array): void {
  if (nonce.length !== NONCE_BYTES) throw new RangeError(`a nonce must be ${NONCE_BYTES} bytes`);
  if (key.length !== KEY_BYTES) throw new RangeError(`a secretbox key must be ${KEY_BYTES} bytes`);
}

/**
 * crypto_secretbox (XSalsa20-Poly1305): `tag || ciphertext` of `message` under `key` and `nonce`,
 * what libsodium's `crypto_secretbox_easy` and PyNaCl's `SecretBox.encrypt(...)[24:]` return.
 * @throws {RangeError} a nonce or key of the wrong size.
 */
export function secretboxSeal(message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array {
  checkSizes(nonce, key);
  const out = new Uint8Array(message.length + 32);
  out.set(message, 32);
  xsalsa20InPlace(out, nonce, key);
  out.set(poly1305(out.subarray(32), out.subarray(0, 32)), 16);
  out.fill(0, 0, 16);
  return out.subarray(16);
}

/**
 * Opens a crypto_secretbox: one keystream pass yields the Poly1305 key and the plaintext, which
 * is returned only when the tag over the ciphertext verifies (and wiped when it does not).
 * @throws {TamperedError} the tag does not verify (other key, other nonce or changed bytes).
 * @throws {RangeError} a nonce or key of the wrong size.
 */
export function secretboxOpen(
  boxed: Uint8Array,
  nonce: Uint8Array,
  key: Uint8Array,
  what: string,
): Uint8Array {
  if (boxed.length < TAG_BYTES) throw new MalformedError(`${what} is shorter than a Poly1305 tag`);
  checkSizes(nonce, key);
  const ciphertext = boxed.subarray(TAG_BYTES);
  const out = new Uint8Array(ciphertext.length + 32);
  out.set(ciphertext, 32);
  xsalsa20InPlace(out, nonce, key);
  const tag = poly1305(ciphertext, out.subarray(0, 32));
  out.fill(0, 0, 32);
  if (!equalBytes(tag, boxed.subarray(0, TAG_BYTES))) {
    out.fill(0);
    throw new TamperedError(`${what} does not open: its authentication tag does not verify`);
  }
  return out.subarray(32);
}

/**
 * crypto_box_beforenm: the shared secretbox key of an x25519 key pair (HSalsa20 of the shared
 * point). x25519 runs on the platform's WebCrypto where present (see {@link curveEngines}).
 * @throws {MalformedError} the public key is a low-order point (the shared point would be zero).
 * @throws {RangeError} a key that is not 32 bytes.
 */
export async function boxBeforeNm(
  theirPublicKey: Uint8Array,
  mySecretKey: Uint8Array,
): Promise<Uint8Array> {
  return hsalsaOfShared(await x25519Shared(mySecretKey, theirPublicKey));
}

/** HSalsa20 of an x25519 shared point (wiped): crypto_box's secretbox key. */
function hsalsaOfShared(point: Uint8Array): Uint8Array {
  const shared = point.slice();
  point.fill(0);
  const words = new Uint32Array(8);
  hsalsa(SIGMA, new Uint32Array(shared.buffer), ZERO16, words);
  shared.fill(0);
  return new Uint8Array(words.buffer);
}

/**
 * crypto_box_easy from a one-time key pair, as a server answers a login: the box and the one-time
 * public key. The secret half never leaves the curve engine.
 * @throws {MalformedError} their key is a low-order point.
 */
export async function boxSealEphemeral(
  message: Uint8Array,
  nonce: Uint8Array,
  theirPublicKey: Uint8Array,
): Promise<{ boxed: Uint8Array; publicKey: Uint8Array }> {
  const { publicKey, shared } = await x25519Ephemeral(theirPublicKey);
  const key = hsalsaOfShared(shared);
  try {
    return { boxed: secretboxSeal(message, nonce, key), publicKey };
  } finally {
    key.fill(0);
  }
}

/**
 * crypto_box_easy: `tag || ciphertext`, as PyNaCl's `Box(sk, pk).encrypt(m, n)[24:]`.
 * @throws {MalformedError} low-order public key.
 */
export async function boxSeal(
  message: Uint8Array,
  nonce: Uint8Array,
  theirPublicKey: Uint8Array,
  mySecretKey: Uint8Array,
): Promise<Uint8Array> {
  const key = await boxBeforeNm(theirPublicKey, mySecretKey);
  try {
    return secretboxSeal(message, nonce, key);
  } finally {
    key.fill(0);
  }
}

/**
 * crypto_box_open_easy.
 * @throws {MalformedError} low-order public key. @throws {TamperedError} the tag does not verify.
 */
export async function boxOpen(
  boxed: Uint8Array,
  nonce: Uint8Array,
  theirPublicKey: Uint8Array,
  mySecretKey: Uint8Array,
  what: string,
): Promise<Uint8Array> {
  const key = await boxBeforeNm(theirPublicKey, mySecretKey);
  try {
    return secretboxOpen(boxed, nonce, key, what);
  } finally {
    key.fill(0);
  }
}

/**
 * A fresh x25519 key pair (PyNaCl `PrivateKey.generate()`), made by the platform's WebCrypto where
 * present, else from {@link randomBytes}.
 */
export function boxKeyPair(): Promise<{ secretKey: Uint8Array; publicKey: Uint8Array }> {
  return x25519KeyPair();
}

/** The x25519 public key of a secret key (`@noble/curves`, synchronous). */
export function boxPublicKey(secretKey: Uint8Array): Uint8Array {
  return x25519.getPublicKey(secretKey);
}

/**
 * Detached ed25519 signature (RFC 8032 §5.1.6) with a 32-byte seed, as PyNaCl
 * `SigningKey(seed).sign(m).signature`; on the platform's WebCrypto where present, which keeps
 * the key made from `seed` for as long as that array lives unchanged.
 * @throws {RangeError} a seed that is not 32 bytes.
 */
export function sign(message: Uint8Array, seed: Uint8Array): Promise<Uint8Array> {
  return ed25519Sign(message, seed);
}

/** The ed25519 public (verify) key of a 32-byte seed (`@noble/curves`, synchronous). */
export function signPublicKey(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seed);
}

/**
 * Strict ed25519 verification (RFC 8032 §5.1.7 with `S < L`, canonical encodings, no ZIP-215
 * leniency, small-order public keys refused), so no second valid signature can be made from a
 * known one; on the platform's WebCrypto where present, behind the same checks.
 */
export function verify(
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  return ed25519Verify(signature, message, publicKey);
}

// NaCl's crypto_box, crypto_secretbox and ed25519 as libsodium and PyNaCl compute them, built
// from audited @noble primitives: box = x25519 → HSalsa20 → XSalsa20-Poly1305, output tag || ct.
import { hsalsa, secretbox } from '@noble/ciphers/salsa.js';
import { randomBytes as nobleRandomBytes } from '@noble/ciphers/utils.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { MalformedError, TamperedError } from './errors.js';

/** Bytes of a crypto_box / secretbox nonce. */
export const NONCE_BYTES = 24;
/** Bytes of a Poly1305 tag, the overhead of every box. */
export const TAG_BYTES = 16;
/** Bytes of x25519 keys, secretbox keys and ed25519 seeds and public keys. */
export const KEY_BYTES = 32;
/** Bytes of an ed25519 signature. */
export const SIGNATURE_BYTES = 64;

// "expand 32-byte k", the Salsa20 constant HSalsa20 uses in crypto_box_beforenm.
const SIGMA = new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]);
const ZERO16 = new Uint32Array(4);

/** `n` bytes from the platform's CSPRNG (`crypto.getRandomValues`). */
export function randomBytes(n: number): Uint8Array {
  return nobleRandomBytes(n);
}

/**
 * crypto_secretbox (XSalsa20-Poly1305): `tag || ciphertext` of `message` under `key` and `nonce`,
 * what libsodium's `crypto_secretbox_easy` and PyNaCl's `SecretBox.encrypt(...)[24:]` return.
 */
export function secretboxSeal(message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array {
  return secretbox(key, nonce).seal(message);
}

/**
 * Opens a crypto_secretbox.
 * @throws {TamperedError} the tag does not verify (other key, other nonce or changed bytes).
 */
export function secretboxOpen(
  boxed: Uint8Array,
  nonce: Uint8Array,
  key: Uint8Array,
  what: string,
): Uint8Array {
  if (boxed.length < TAG_BYTES) throw new MalformedError(`${what} is shorter than a Poly1305 tag`);
  try {
    return secretbox(key, nonce).open(boxed);
  } catch {
    throw new TamperedError(`${what} does not open: its authentication tag does not verify`);
  }
}

/**
 * crypto_box_beforenm: the shared secretbox key of an x25519 key pair (HSalsa20 of the shared point).
 * @throws {MalformedError} the public key is a low-order point (the shared point would be zero).
 */
export function boxBeforeNm(theirPublicKey: Uint8Array, mySecretKey: Uint8Array): Uint8Array {
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(mySecretKey, theirPublicKey);
  } catch {
    throw new MalformedError('the x25519 public key is a low-order point');
  }
  const words = new Uint32Array(8);
  hsalsa(SIGMA, new Uint32Array(shared.slice().buffer), ZERO16, words);
  return new Uint8Array(words.buffer);
}

/** crypto_box_easy: `tag || ciphertext`, as PyNaCl's `Box(sk, pk).encrypt(m, n)[24:]`. */
export function boxSeal(
  message: Uint8Array,
  nonce: Uint8Array,
  theirPublicKey: Uint8Array,
  mySecretKey: Uint8Array,
): Uint8Array {
  return secretboxSeal(message, nonce, boxBeforeNm(theirPublicKey, mySecretKey));
}

/**
 * crypto_box_open_easy.
 * @throws {MalformedError} low-order public key. @throws {TamperedError} the tag does not verify.
 */
export function boxOpen(
  boxed: Uint8Array,
  nonce: Uint8Array,
  theirPublicKey: Uint8Array,
  mySecretKey: Uint8Array,
  what: string,
): Uint8Array {
  return secretboxOpen(boxed, nonce, boxBeforeNm(theirPublicKey, mySecretKey), what);
}

/** A fresh x25519 key pair (PyNaCl `PrivateKey.generate()`). */
export function boxKeyPair(): { secretKey: Uint8Array; publicKey: Uint8Array } {
  const secretKey = randomBytes(KEY_BYTES);
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) };
}

/** The x25519 public key of a secret key. */
export function boxPublicKey(secretKey: Uint8Array): Uint8Array {
  return x25519.getPublicKey(secretKey);
}

/** Detached ed25519 signature (RFC 8032 §5.1.6) with a 32-byte seed, as PyNaCl `SigningKey(seed).sign(m).signature`. */
export function sign(message: Uint8Array, seed: Uint8Array): Uint8Array {
  return ed25519.sign(message, seed);
}

/** The ed25519 public (verify) key of a 32-byte seed. */
export function signPublicKey(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seed);
}

/**
 * Strict ed25519 verification (RFC 8032 §5.1.7 with `S < L` and canonical encodings, no ZIP-215
 * leniency), so no second valid signature can be made from a known one.
 */
export function verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

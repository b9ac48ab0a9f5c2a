// x25519 and ed25519 on the platform's WebCrypto (`crypto.subtle`) where it has them and
// reproduces RFC 7748's and RFC 8032's published bytes, else on @noble/curves: chosen once per
// curve, on first use, behind one strict gate shared by both.
import { equalBytes } from '@noble/ciphers/utils.js';
import { ED25519_TORSION_SUBGROUP, ed25519, x25519 } from '@noble/curves/ed25519.js';
import { numberToBytesLE } from '@noble/curves/utils.js';
import { MalformedError } from './errors.js';
import { fromHex, toHex } from './hex.js';

/** Where a curve's operations run: the platform's WebCrypto, or `@noble/curves` in JavaScript. */
export type CurveEngine = 'webcrypto' | 'noble';

type Curve = 'Ed25519' | 'X25519';
type Subtle = typeof globalThis.crypto.subtle;
type Key = Awaited<ReturnType<Subtle['importKey']>>;
// WebCrypto takes `BufferSource`; every Uint8Array here is backed by an ArrayBuffer.
type Bytes = Uint8Array<ArrayBuffer>;

const subtle: Subtle | undefined = globalThis.crypto?.subtle;

// RFC 8410 PKCS#8 wrapping of a 32-byte private key (OIDs 1.3.101.112 and 1.3.101.110).
const PKCS8_PREFIX: Record<Curve, Uint8Array> = {
  Ed25519: fromHex('302e020100300506032b657004220420', 'PKCS#8 prefix'),
  X25519: fromHex('302e020100300506032b656e04220420', 'PKCS#8 prefix'),
};

// Known answers the platform must reproduce before it is used: RFC 8032 §7.1 TEST 2 and
// RFC 7748 §6.1.
const KNOWN = {
  seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
  message: '72',
  signature:
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  secretKey: '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a',
  publicKey: 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
  shared: '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742',
};
const known = (name: keyof typeof KNOWN) => fromHex(KNOWN[name], 'known answer');

const chosen: Partial<Record<Curve, Promise<CurveEngine>>> = {};
let forced: CurveEngine | undefined;

/**
 * Runs both curves on `engine` from now on, or, with no argument, on what the platform offers.
 * For tests that check both engines give the same bytes.
 */
export function useCurveEngine(engine?: CurveEngine): void {
  forced = engine;
}

/** The engine each curve runs on here (detected once). */
export async function curveEngines(): Promise<{ ed25519: CurveEngine; x25519: CurveEngine }> {
  return { ed25519: await engineOf('Ed25519'), x25519: await engineOf('X25519') };
}

function engineOf(curve: Curve): CurveEngine | Promise<CurveEngine> {
  if (forced) return forced;
  chosen[curve] ??= detect(curve);
  return chosen[curve];
}

async function detect(curve: Curve): Promise<CurveEngine> {
  if (!subtle) return 'noble';
  try {
    const answer =
      curve === 'Ed25519'
        ? await platformSign(known('message'), known('seed'))
        : await platformShared(known('secretKey'), known('publicKey'));
    return equalBytes(answer, known(curve === 'Ed25519' ? 'signature' : 'shared'))
      ? 'webcrypto'
      : 'noble';
  } catch {
    return 'noble';
  }
}

function platform(): Subtle {
  if (!subtle) throw new TypeError('this platform has no crypto.subtle');
  return subtle;
}

// Platform keys made from secret bytes, remembered while those bytes live: a PKCS#8 import costs
// several times the operation itself. Each use compares the bytes with a copy taken at import, so
// a caller who changes or wipes the array never gets the old key.
const imported = new WeakMap<Uint8Array, { curve: Curve; copy: Uint8Array; key: Promise<Key> }>();

function privateKey(secret: Uint8Array, curve: Curve): Promise<Key> {
  const entry = imported.get(secret);
  if (entry?.curve === curve && equalBytes(entry.copy, secret)) return entry.key;
  const der = new Uint8Array(48);
  der.set(PKCS8_PREFIX[curve]);
  der.set(secret, 16);
  const key = platform().importKey('pkcs8', der, curve, false, [
    curve === 'Ed25519' ? 'sign' : 'deriveBits',
  ]);
  const wipe = () => der.fill(0);
  key.then(wipe, wipe);
  imported.set(secret, { curve, copy: secret.slice(), key });
  return key;
}

function checkLength(bytes: Uint8Array, length: number, name: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length)
    throw new RangeError(`${name} must be a Uint8Array of ${length} bytes`);
}

async function platformSign(message: Uint8Array, seed: Uint8Array): Promise<Uint8Array> {
  const key = await privateKey(seed, 'Ed25519');
  return new Uint8Array(await platform().sign('Ed25519', key, message as Bytes));
}

/**
 * Detached ed25519 signature (RFC 8032 §5.1.6) of `message` with a 32-byte seed.
 * @throws {RangeError} a seed that is not 32 bytes.
 */
export async function ed25519Sign(message: Uint8Array, seed: Uint8Array): Promise<Uint8Array> {
  checkLength(seed, 32, 'an ed25519 seed');
  if ((await engineOf('Ed25519')) === 'webcrypto') return platformSign(message, seed);
  return ed25519.sign(message, seed);
}

// The group order L and the field prime p as little-endian bytes, and the y coordinates of the
// eight small-order points (sign bit cleared), for the checks made on raw bytes.
const ORDER = numberToBytesLE(ed25519.Point.Fn.ORDER, 32);
const PRIME = numberToBytesLE(ed25519.Point.Fp.ORDER, 32);
const SMALL_ORDER_Y = ED25519_TORSION_SUBGROUP.map((point) => {
  const y = fromHex(point, 'small-order point');
  y[31] = (y[31] as number) & 0x7f;
  return y;
});

/** `a < b` for 32-byte little-endian numbers. */
function below(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y) return x < y;
  }
  return false;
}

/**
 * The strict gate both engines pass through (as libsodium's): `S < L`, so no second signature can
 * be made from a known one, and a public key whose y is canonical (`< p`) and not that of one of
 * the eight small-order points, with either sign bit.
 */
function strictlyShaped(signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (!below(signature.subarray(32), ORDER)) return false;
  const y = publicKey.slice();
  y[31] = (y[31] as number) & 0x7f;
  return below(y, PRIME) && !SMALL_ORDER_Y.some((point) => equalBytes(point, y));
}

/**
 * Strict ed25519 verification (RFC 8032 §5.1.7): the gate above, then the platform's check or
 * noble's with ZIP-215 leniency off (which also refuses non-canonical R).
 */
export async function ed25519Verify(
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  if (!strictlyShaped(signature, publicKey)) return false;
  try {
    if ((await engineOf('Ed25519')) === 'noble')
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    const key = await verifyKey(publicKey);
    return await platform().verify('Ed25519', key, signature as Bytes, message as Bytes);
  } catch {
    return false;
  }
}

// Imported ed25519 public keys by their hex, the most recent few hundred: a server verifies the
// same API keys again and again. Public keys only; nothing secret is kept here.
const verifyKeys = new Map<string, Promise<Key>>();
const VERIFY_KEYS_KEPT = 512;

function verifyKey(publicKey: Uint8Array): Promise<Key> {
  const id = toHex(publicKey);
  let key = verifyKeys.get(id);
  if (key) return key;
  key = platform().importKey('raw', publicKey.slice(), 'Ed25519', false, ['verify']);
  key.catch(() => verifyKeys.delete(id));
  if (verifyKeys.size >= VERIFY_KEYS_KEPT)
    verifyKeys.delete(verifyKeys.keys().next().value as string);
  verifyKeys.set(id, key);
  return key;
}

async function platformShared(mySecretKey: Uint8Array, theirPublicKey: Uint8Array) {
  const [mine, theirs] = await Promise.all([
    privateKey(mySecretKey, 'X25519'),
    platform().importKey('raw', theirPublicKey as Bytes, 'X25519', false, []),
  ]);
  return new Uint8Array(
    await platform().deriveBits({ name: 'X25519', public: theirs } as never, mine, 256),
  );
}

function lowOrder(): MalformedError {
  return new MalformedError('the x25519 public key is a low-order point');
}

/**
 * x25519 (RFC 7748 §5) of my secret key and their public key.
 * @throws {MalformedError} the result is zero: their key is a low-order point (as libsodium refuses).
 * @throws {RangeError} a key that is not 32 bytes.
 */
export async function x25519Shared(
  mySecretKey: Uint8Array,
  theirPublicKey: Uint8Array,
): Promise<Uint8Array> {
  checkLength(mySecretKey, 32, 'an x25519 secret key');
  checkLength(theirPublicKey, 32, 'an x25519 public key');
  let shared: Uint8Array;
  try {
    shared =
      (await engineOf('X25519')) === 'webcrypto'
        ? await platformShared(mySecretKey, theirPublicKey)
        : x25519.getSharedSecret(mySecretKey, theirPublicKey);
  } catch {
    throw lowOrder();
  }
  if (shared.every((byte) => byte === 0)) throw lowOrder();
  return shared;
}

/**
 * A one-time x25519 key pair's public key and its shared point with `theirPublicKey`, the secret
 * half never leaving the engine; on WebCrypto the key generation and the import of their key run
 * side by side.
 * @throws {MalformedError} their key is a low-order point. @throws {RangeError} not 32 bytes.
 */
export async function x25519Ephemeral(
  theirPublicKey: Uint8Array,
): Promise<{ publicKey: Uint8Array; shared: Uint8Array }> {
  checkLength(theirPublicKey, 32, 'an x25519 public key');
  if ((await engineOf('X25519')) === 'noble') {
    const secretKey = x25519.utils.randomSecretKey();
    try {
      const shared = await x25519Shared(secretKey, theirPublicKey);
      return { publicKey: x25519.getPublicKey(secretKey), shared };
    } finally {
      secretKey.fill(0);
    }
  }
  const [pair, theirs] = await Promise.all([
    platform().generateKey('X25519', true, ['deriveBits']) as Promise<{
      privateKey: Key;
      publicKey: Key;
    }>,
    platform().importKey('raw', theirPublicKey.slice(), 'X25519', false, []),
  ]);
  let shared: Uint8Array;
  let publicKey: ArrayBuffer;
  try {
    [shared, publicKey] = await Promise.all([
      platform()
        .deriveBits({ name: 'X25519', public: theirs } as never, pair.privateKey, 256)
        .then((bits) => new Uint8Array(bits)),
      platform().exportKey('raw', pair.publicKey) as Promise<ArrayBuffer>,
    ]);
  } catch {
    throw lowOrder();
  }
  if (shared.every((byte) => byte === 0)) throw lowOrder();
  return { publicKey: new Uint8Array(publicKey), shared };
}

function fromBase64Url(text: unknown): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('the platform exported a key without bytes');
  return Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
}

/**
 * A fresh x25519 key pair. On WebCrypto the platform makes it, and its key stays remembered for
 * the returned secret bytes, so using them costs no import.
 */
export async function x25519KeyPair(): Promise<{ secretKey: Uint8Array; publicKey: Uint8Array }> {
  if ((await engineOf('X25519')) === 'noble') {
    const secretKey = x25519.utils.randomSecretKey();
    return { secretKey, publicKey: x25519.getPublicKey(secretKey) };
  }
  const pair = (await platform().generateKey('X25519', true, ['deriveBits'])) as {
    privateKey: Key;
  };
  const jwk = await platform().exportKey('jwk', pair.privateKey);
  const secretKey = fromBase64Url(jwk.d);
  imported.set(secretKey, {
    curve: 'X25519',
    copy: secretKey.slice(),
    key: Promise.resolve(pair.privateKey),
  });
  return { secretKey, publicKey: fromBase64Url(jwk.x) };
}

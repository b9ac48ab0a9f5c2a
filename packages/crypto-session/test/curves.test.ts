// The two curve engines, the platform's WebCrypto and @noble/curves, give the same bytes and the
// same verdicts on any input, behind one strict gate; platform keys made from secret bytes follow
// those bytes when they change.
import { ED25519_TORSION_SUBGROUP } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import sodium from 'libsodium-wrappers';
import nacl from 'tweetnacl';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CurveEngine, curveEngines, useCurveEngine } from '../src/curves.ts';
import { boxBeforeNm, fromHex, MalformedError, randomBytes, sign, verify } from '../src/index.ts';
import { boxSealEphemeral } from '../src/nacl.ts';
import box from './vectors/nacl-box.json' with { type: 'json' };

const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
const ENGINES = ['webcrypto', 'noble'] satisfies CurveEngine[];

async function onEach<T>(run: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (const engine of ENGINES) {
    useCurveEngine(engine);
    results.push(await run());
  }
  return results;
}

async function settle<T>(run: () => Promise<T>): Promise<T | string> {
  try {
    return await run();
  } catch (error) {
    return (error as Error).constructor.name;
  }
}

beforeAll(async () => {
  await sodium.ready;
});
afterEach(() => useCurveEngine());

describe('curveEngines', () => {
  it('picks WebCrypto for both curves on Node, which reproduces the RFC answers', async () => {
    expect(await curveEngines()).toEqual({ ed25519: 'webcrypto', x25519: 'webcrypto' });
  });

  it('reports a forced engine', async () => {
    useCurveEngine('noble');
    expect(await curveEngines()).toEqual({ ed25519: 'noble', x25519: 'noble' });
  });
});

describe('both engines', () => {
  it('make the same signature for any seed and message', async () => {
    await fc.assert(
      fc.asyncProperty(bytes(32), fc.uint8Array({ maxLength: 300 }), async (seed, message) => {
        const [platform, noble] = await onEach(() => sign(message, seed));
        expect(platform).toEqual(noble);
        expect(platform).toEqual(
          nacl.sign.detached(message, nacl.sign.keyPair.fromSeed(seed).secretKey),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('give the same verdict on signatures with any bits changed', async () => {
    const seed = randomBytes(32);
    const message = randomBytes(64);
    const keys = nacl.sign.keyPair.fromSeed(seed);
    const signature = nacl.sign.detached(message, keys.secretKey);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 64 * 8 - 1 }),
        fc.integer({ min: 0, max: 32 * 8 - 1 }),
        fc.boolean(),
        async (signatureBit, keyBit, changeKey) => {
          const changed = signature.slice();
          changed[signatureBit >> 3] =
            (changed[signatureBit >> 3] as number) ^ (1 << (signatureBit & 7));
          const publicKey = keys.publicKey.slice();
          if (changeKey)
            publicKey[keyBit >> 3] = (publicKey[keyBit >> 3] as number) ^ (1 << (keyBit & 7));
          const verdicts = await onEach(() => verify(changed, message, publicKey));
          expect(verdicts).toEqual([false, false]);
          expect(sodium.crypto_sign_verify_detached(changed, message, publicKey)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
    expect(await onEach(() => verify(signature, message, keys.publicKey))).toEqual([true, true]);
  });

  it('compute the same x25519 key for any secret and public key, or both refuse it', async () => {
    await fc.assert(
      fc.asyncProperty(bytes(32), bytes(32), async (secretKey, publicKey) => {
        const [platform, noble] = await onEach(() =>
          settle(() => boxBeforeNm(publicKey, secretKey)),
        );
        expect(platform).toEqual(noble);
        if (platform !== 'MalformedError')
          expect(platform).toEqual(nacl.box.before(publicKey, secretKey));
      }),
      { numRuns: 60 },
    );
  });
});

describe('a box from a one-time key pair, on both engines', () => {
  it('opens with its one-time public key, and refuses a low-order key', async () => {
    const recipient = nacl.box.keyPair();
    const message = randomBytes(300);
    const nonce = randomBytes(24);
    const sealed = await onEach(() => boxSealEphemeral(message, nonce, recipient.publicKey));
    for (const { boxed, publicKey } of sealed) {
      expect(nacl.box.open(boxed, nonce, publicKey, recipient.secretKey)).toEqual(message);
    }
    expect(sealed[0]?.publicKey).not.toEqual(sealed[1]?.publicKey);
    const lowOrder = fromHex(box.small_order_public_key, 'low-order point');
    expect(await onEach(() => settle(() => boxSealEphemeral(message, nonce, lowOrder)))).toEqual([
      'MalformedError',
      'MalformedError',
    ]);
  });
});

describe('the strict ed25519 gate, on both engines', () => {
  // With A and R of small order and S = 0, [S]B = R + [k]A holds for every message: a signature
  // anyone can make. libsodium refuses small-order keys; so do we.
  for (const point of ED25519_TORSION_SUBGROUP) {
    it(`refuses the small-order public key ${point.slice(0, 8)}… and its sign-flipped twin`, async () => {
      const identity = fromHex(`01${'00'.repeat(31)}`, 'identity');
      const forged = new Uint8Array(64);
      forged.set(identity);
      const key = fromHex(point, 'point');
      const twin = key.slice();
      twin[31] = (twin[31] as number) ^ 0x80;
      for (const publicKey of [key, twin]) {
        expect(await onEach(() => verify(forged, new Uint8Array(8), publicKey))).toEqual([
          false,
          false,
        ]);
        expect(sodium.crypto_sign_verify_detached(forged, new Uint8Array(8), publicKey)).toBe(
          false,
        );
      }
    });
  }

  it('refuses a non-canonical public key (y = p + 1, the identity written past p)', async () => {
    const nonCanonical = fromHex(`ee${'ff'.repeat(30)}7f`, 'y = p + 1');
    const forged = new Uint8Array(64);
    forged[0] = 1;
    expect(await onEach(() => verify(forged, new Uint8Array(0), nonCanonical))).toEqual([
      false,
      false,
    ]);
  });
});

describe('keys made from secret bytes', () => {
  it('follow the bytes when the caller changes or wipes the array', async () => {
    const seed = randomBytes(32);
    const message = randomBytes(40);
    await sign(message, seed);
    const other = randomBytes(32);
    seed.set(other);
    expect(await sign(message, seed)).toEqual(
      nacl.sign.detached(message, nacl.sign.keyPair.fromSeed(other).secretKey),
    );
    seed.fill(0);
    expect(await sign(message, seed)).toEqual(
      nacl.sign.detached(message, nacl.sign.keyPair.fromSeed(new Uint8Array(32)).secretKey),
    );

    const secretKey = randomBytes(32);
    const theirs = nacl.box.keyPair();
    await boxBeforeNm(theirs.publicKey, secretKey);
    secretKey.set(randomBytes(32));
    expect(await boxBeforeNm(theirs.publicKey, secretKey)).toEqual(
      nacl.box.before(theirs.publicKey, secretKey),
    );
  });

  it('refuse keys of the wrong size with a RangeError on both engines', async () => {
    expect(await onEach(() => settle(() => sign(new Uint8Array(1), new Uint8Array(31))))).toEqual([
      'RangeError',
      'RangeError',
    ]);
    expect(
      await onEach(() => settle(() => boxBeforeNm(new Uint8Array(31), randomBytes(32)))),
    ).toEqual(['RangeError', 'RangeError']);
    await expect(boxBeforeNm(new Uint8Array(32), randomBytes(32))).rejects.toThrow(MalformedError);
  });
});

// Our crypto_box, crypto_secretbox and ed25519 against libsodium's and RFC 8032's published
// vectors, and against tweetnacl and libsodium-wrappers on random inputs, both directions.
import sodium from 'libsodium-wrappers';
import nacl from 'tweetnacl';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  boxBeforeNm,
  boxKeyPair,
  boxOpen,
  boxPublicKey,
  boxSeal,
  fromHex,
  MalformedError,
  randomBytes,
  secretboxOpen,
  secretboxSeal,
  sign,
  signPublicKey,
  TamperedError,
  toHex,
  verify,
} from '../src/index.ts';
import ed from './vectors/ed25519-rfc8032.json' with { type: 'json' };
import box from './vectors/nacl-box.json' with { type: 'json' };
import secretbox from './vectors/nacl-secretbox.json' with { type: 'json' };

const hex = (text: string) => fromHex(text, 'vector');

beforeAll(async () => {
  await sodium.ready;
});

describe('crypto_box (libsodium box.c, box2.c)', () => {
  it('derives the published public keys and beforenm key', () => {
    expect(toHex(boxPublicKey(hex(box.alice_secret_key)))).toBe(box.alice_public_key);
    expect(toHex(boxPublicKey(hex(box.bob_secret_key)))).toBe(box.bob_public_key);
    expect(toHex(boxBeforeNm(hex(box.bob_public_key), hex(box.alice_secret_key)))).toBe(
      box.shared_key,
    );
  });

  it('boxes the published message to the published bytes', () => {
    const sealed = boxSeal(
      hex(box.plaintext),
      hex(box.nonce),
      hex(box.bob_public_key),
      hex(box.alice_secret_key),
    );
    expect(toHex(sealed)).toBe(box.boxed);
  });

  it('opens the published box from the other side', () => {
    const opened = boxOpen(
      hex(box.boxed),
      hex(box.nonce),
      hex(box.alice_public_key),
      hex(box.bob_secret_key),
      'box',
    );
    expect(toHex(opened)).toBe(box.plaintext);
  });

  it('refuses the low-order point as libsodium does', () => {
    expect(() =>
      boxSeal(
        hex(box.plaintext),
        hex(box.nonce),
        hex(box.small_order_public_key),
        hex(box.alice_secret_key),
      ),
    ).toThrow(MalformedError);
    expect(() => boxBeforeNm(new Uint8Array(32), hex(box.alice_secret_key))).toThrow(
      MalformedError,
    );
  });
});

describe('crypto_secretbox (libsodium secretbox.c)', () => {
  it('seals the published message to the published bytes and opens it', () => {
    expect(
      toHex(secretboxSeal(hex(secretbox.plaintext), hex(secretbox.nonce), hex(secretbox.key))),
    ).toBe(secretbox.boxed);
    expect(
      toHex(secretboxOpen(hex(secretbox.boxed), hex(secretbox.nonce), hex(secretbox.key), 'box')),
    ).toBe(secretbox.plaintext);
  });

  it('refuses every single flipped bit of the tag and ciphertext', () => {
    const boxed = hex(secretbox.boxed);
    for (let i = 0; i < boxed.length; i += 7) {
      const changed = boxed.slice();
      changed[i] = (changed[i] as number) ^ (1 << (i % 8));
      expect(() => secretboxOpen(changed, hex(secretbox.nonce), hex(secretbox.key), 'box')).toThrow(
        TamperedError,
      );
    }
  });
});

describe('ed25519 (RFC 8032 §7.1)', () => {
  for (const vector of ed.vectors) {
    it(`${vector.name}: public key, signature, verification`, () => {
      expect(toHex(signPublicKey(hex(vector.seed)))).toBe(vector.public_key);
      expect(toHex(sign(hex(vector.message), hex(vector.seed)))).toBe(vector.signature);
      expect(verify(hex(vector.signature), hex(vector.message), hex(vector.public_key))).toBe(true);
    });
  }

  it('refuses a malleable signature (S + L) that lenient verifiers accept', () => {
    const [vector] = ed.vectors;
    if (!vector) throw new Error('no vector');
    const signature = hex(vector.signature);
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(signature[32 + i] as number);
    let sPlusL = s + L;
    const malleated = signature.slice();
    for (let i = 0; i < 32; i++) {
      malleated[32 + i] = Number(sPlusL & 0xffn);
      sPlusL >>= 8n;
    }
    expect(verify(malleated, hex(vector.message), hex(vector.public_key))).toBe(false);
    expect(
      sodium.crypto_sign_verify_detached(malleated, hex(vector.message), hex(vector.public_key)),
    ).toBe(false);
  });
});

describe('cross-checks with tweetnacl and libsodium-wrappers', () => {
  const sizes = [0, 1, 63, 64, 1000, 65_536];

  it('box: ours opens theirs and theirs opens ours', () => {
    for (const size of sizes) {
      const message = randomBytes(size);
      const nonce = randomBytes(24);
      const a = boxKeyPair();
      const b = nacl.box.keyPair();
      const ours = boxSeal(message, nonce, b.publicKey, a.secretKey);
      expect(nacl.box.open(ours, nonce, a.publicKey, b.secretKey)).toEqual(message);
      expect(sodium.crypto_box_open_easy(ours, nonce, a.publicKey, b.secretKey)).toEqual(message);
      expect(
        boxOpen(
          nacl.box(message, nonce, a.publicKey, b.secretKey),
          nonce,
          b.publicKey,
          a.secretKey,
          'box',
        ),
      ).toEqual(message);
      expect(
        boxOpen(
          sodium.crypto_box_easy(message, nonce, a.publicKey, b.secretKey),
          nonce,
          b.publicKey,
          a.secretKey,
          'box',
        ),
      ).toEqual(message);
    }
  });

  it('secretbox: byte-identical to both for the same key and nonce', () => {
    for (const size of sizes) {
      const message = randomBytes(size);
      const nonce = randomBytes(24);
      const key = randomBytes(32);
      const ours = secretboxSeal(message, nonce, key);
      expect(ours).toEqual(nacl.secretbox(message, nonce, key));
      expect(ours).toEqual(sodium.crypto_secretbox_easy(message, nonce, key));
    }
  });

  it('ed25519: same signatures from the same seed, verified by all three', () => {
    for (const size of sizes) {
      const message = randomBytes(size);
      const seed = randomBytes(32);
      const theirs = nacl.sign.keyPair.fromSeed(seed);
      expect(signPublicKey(seed)).toEqual(theirs.publicKey);
      const signature = sign(message, seed);
      expect(signature).toEqual(nacl.sign.detached(message, theirs.secretKey));
      expect(sodium.crypto_sign_verify_detached(signature, message, theirs.publicKey)).toBe(true);
      expect(
        verify(sodium.crypto_sign_detached(message, theirs.secretKey), message, theirs.publicKey),
      ).toBe(true);
    }
  });
});

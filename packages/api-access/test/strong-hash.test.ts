// scrypt and Argon2id entries: published vectors, cross-checks with Node and Python, bounds on parameters.
import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ARGON2ID_PARAMS,
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  type PasswordFields,
  PermissionMapError,
  verifyPassword,
} from '../src/index.ts';
import { python } from './python.ts';
import { hashVectors } from './vectors.ts';

const argon2Vectors = hashVectors.argon2id;

const b64 = (bytes: Uint8Array | string) =>
  Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'hex') : bytes).toString('base64');
const small = { scrypt: { N: 1024, r: 8, p: 1 }, argon2id: { m: 64, t: 1, p: 1 } } as const;

describe('strong hashes', () => {
  it('hashes with scrypt by default, storing the parameters and a 16-byte salt', async () => {
    const fields = await hashPassword('correct horse');
    expect(fields).toMatchObject({
      password_hash_alg: 'scrypt',
      password_hash_params: DEFAULT_SCRYPT_PARAMS,
    });
    expect(Buffer.from(fields.password_salt_b64, 'base64')).toHaveLength(16);
    expect(Buffer.from(fields.password_hash_b64, 'base64')).toHaveLength(32);
    expect(await verifyPassword(fields, 'correct horse')).toBe(true);
    expect(await verifyPassword(fields, 'correct horsE')).toBe(false);
  });

  it('hashes with argon2id at its default parameters, and verifies', async () => {
    const fields = await hashPassword('pässwörd', { alg: 'argon2id' });
    expect(fields).toMatchObject({
      password_hash_alg: 'argon2id',
      password_hash_params: DEFAULT_ARGON2ID_PARAMS,
    });
    expect(await verifyPassword(fields, 'pässwörd')).toBe(true);
    expect(await verifyPassword(fields, 'passwörd')).toBe(false);
  });

  it('uses a fresh salt each time', async () => {
    const [a, b] = await Promise.all(
      [1, 2].map(() => hashPassword('same', { alg: 'scrypt', params: small.scrypt })),
    );
    expect(a?.password_salt_b64).not.toBe(b?.password_salt_b64);
    expect(a?.password_hash_b64).not.toBe(b?.password_hash_b64);
  });

  it('computes scrypt as Node (OpenSSL) and python3 hashlib do', async () => {
    const fields = await hashPassword('🔑 key', { alg: 'scrypt', params: small.scrypt });
    const salt = Buffer.from(fields.password_salt_b64, 'base64');
    const node = scryptSync('🔑 key', salt, 32, { N: 1024, r: 8, p: 1 });
    expect(fields.password_hash_b64).toBe(b64(node));
    const [fromPython] = python<string[]>(
      `import base64, hashlib, json, sys
salt = base64.b64decode(sys.stdin.read())
print(json.dumps([base64.b64encode(hashlib.scrypt('\\U0001f511 key'.encode(), salt=salt, n=1024, r=8, p=1, dklen=32)).decode()]))`,
      fields.password_salt_b64,
    );
    expect(fromPython).toBe(fields.password_hash_b64);
  });

  it("verifies the Argon2id reference implementation's known answers", async () => {
    for (const vector of argon2Vectors) {
      const fields: PasswordFields = {
        password_hash_alg: 'argon2id',
        password_hash_params: { m: vector.m, t: vector.t, p: vector.p },
        password_hash_b64: b64(vector.tag_hex),
        password_salt_b64: b64(Buffer.from(vector.salt_utf8)),
      };
      expect(await verifyPassword(fields, vector.password)).toBe(true);
      expect(await verifyPassword(fields, 'Password')).toBe(false);
    }
  });

  it('refuses parameters out of bounds and unknown algorithms with a RangeError, a non-string with a TypeError', async () => {
    await expect(
      hashPassword('x', { alg: 'scrypt', params: { N: 1000, r: 8, p: 1 } }),
    ).rejects.toThrow(RangeError);
    await expect(
      hashPassword('x', { alg: 'argon2id', params: { m: 4, t: 1, p: 1 } }),
    ).rejects.toThrow(/^params\.m /);
    await expect(hashPassword('x', { alg: 'md5' as 'scrypt' })).rejects.toThrow(RangeError);
    await expect(hashPassword('x', { alg: 'sha256-salt', params: small.scrypt })).rejects.toThrow(
      RangeError,
    );
    await expect(hashPassword(1 as unknown as string)).rejects.toThrow(TypeError);
  });

  it("rejects malformed fields given to verifyPassword with the parser's error", async () => {
    await expect(
      verifyPassword({ password_hash_b64: 'AB*CD', password_salt_b64: '' }, 'x'),
    ).rejects.toThrow(PermissionMapError);
  });

  it('keeps only the known parameter names in what it writes', async () => {
    const params = { ...small.argon2id, extra: 1 } as typeof small.argon2id;
    const fields = await hashPassword('x', { alg: 'argon2id', params });
    expect(fields).toMatchObject({ password_hash_params: small.argon2id });
    expect(Object.keys((fields as { password_hash_params: object }).password_hash_params)).toEqual([
      'm',
      't',
      'p',
    ]);
  });
});

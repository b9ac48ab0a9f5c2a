// RFC 6749 §2.3.1 Basic credentials, form-encoded or raw, on their vectors.
import { describe, expect, it } from 'vitest';
import { basicAuthorization } from '../src/index.ts';
import { vectors } from './vectors.ts';

describe('basicAuthorization', () => {
  for (const v of vectors<
    { clientId: string; clientSecret: string; encoding: 'form' | 'raw'; authorization: string }[]
  >('client-secret-basic.json')) {
    it(`encodes ${JSON.stringify(`${v.clientId}:${v.clientSecret}`)} (${v.encoding})`, () => {
      expect(basicAuthorization(v.clientId, v.clientSecret, v.encoding)).toBe(v.authorization);
    });
  }

  it('form-encodes by default (RFC 6749 §2.3.1)', () => {
    expect(basicAuthorization('a b', 'c:d')).toBe(
      `Basic ${Buffer.from('a+b:c%3Ad').toString('base64')}`,
    );
  });
});

// signOAuth1 on every published vector, RSA-SHA1 through WebCrypto, and its defaults.
import { describe, expect, it } from 'vitest';
import {
  authorizationHeader,
  EncodingError,
  generateNonce,
  hmacSignature,
  importRsaSha1Key,
  KeyError,
  signOAuth1,
  timestamp,
} from '../src/index.ts';
import { type SignatureVector, vectors, vectorText } from './vectors.ts';

describe('signOAuth1 on published vectors', () => {
  for (const vector of vectors<SignatureVector[]>('oauth1-signatures.json')) {
    it(`${vector.name}: ${vector.signature}`, async () => {
      const signed = await signOAuth1(vector.request);
      expect(signed.signature).toBe(vector.signature);
      expect(signed.params.oauth_signature).toBe(vector.signature);
      if (vector.baseString !== undefined) expect(signed.baseString).toBe(vector.baseString);
      if (vector.headerSignature !== undefined)
        expect(signed.authorization).toContain(`oauth_signature="${vector.headerSignature}"`);
      if (vector.authorization !== undefined)
        expect(signed.authorization).toBe(vector.authorization);
      if (vector.misprinted !== undefined) expect(signed.signature).not.toBe(vector.misprinted);
      if (vector.request.realm !== undefined)
        expect(signed.authorization.startsWith(`OAuth realm="${vector.request.realm}", `)).toBe(
          true,
        );
    });
  }
});

describe('RSA-SHA1', () => {
  const vector = vectors<SignatureVector>('rsa-sha1.json');
  const privateKey = vectorText('rsa-sha1-key.pem');

  it('signs the oauth.net test case with a PKCS #8 PEM through WebCrypto', async () => {
    const signed = await signOAuth1({
      ...vector.request,
      consumer: { key: vector.request.consumer.key, privateKey },
    });
    expect(signed.baseString).toBe(vector.baseString);
    expect(signed.signature).toBe(vector.signature);
  });

  it('signs the same with a key imported once', async () => {
    const key = await importRsaSha1Key(privateKey);
    const signed = await signOAuth1({
      ...vector.request,
      consumer: { key: vector.request.consumer.key, privateKey: key },
    });
    expect(signed.signature).toBe(vector.signature);
  });

  it('refuses a PEM that is not PKCS #8 with a KeyError', async () => {
    const pkcs1 = privateKey.replace(/PRIVATE KEY/g, 'RSA PRIVATE KEY');
    await expect(importRsaSha1Key(pkcs1)).rejects.toThrow(KeyError);
    await expect(importRsaSha1Key(pkcs1)).rejects.toThrow(/pkcs8/);
  });

  it('refuses PKCS #8 text that WebCrypto cannot import', async () => {
    await expect(
      importRsaSha1Key('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_KEY' });
  });

  it('needs consumer.privateKey, and HMAC needs consumer.secret', async () => {
    const base = { method: 'GET', url: 'https://a.example/' } as const;
    await expect(
      signOAuth1({ ...base, consumer: { key: 'k', secret: 's' }, signatureMethod: 'RSA-SHA1' }),
    ).rejects.toThrow(TypeError);
    await expect(
      signOAuth1({ ...base, consumer: { key: 'k', privateKey }, signatureMethod: 'HMAC-SHA1' }),
    ).rejects.toThrow(TypeError);
  });
});

describe('hmacSignature', () => {
  for (const { key, baseString, signature } of vectors<
    { key: string; baseString: string; signature: string }[]
  >('hmac-sha1.json')) {
    it(`HMAC-SHA1 of "${baseString}" under "${key}" is ${signature}`, () => {
      expect(hmacSignature('HMAC-SHA1', baseString, key)).toBe(signature);
    });
  }

  it('HMAC-SHA256 differs from HMAC-SHA1 and is 32 bytes', () => {
    const sha256 = hmacSignature('HMAC-SHA256', 'bs', 'cs&');
    expect(sha256).not.toBe(hmacSignature('HMAC-SHA1', 'bs', 'cs&'));
    expect(Buffer.from(sha256, 'base64')).toHaveLength(32);
  });
});

describe('signOAuth1 defaults', () => {
  const consumer = { key: 'k', secret: 's' };

  it('takes the nonce from the random source and the timestamp from the clock', async () => {
    const signed = await signOAuth1({
      method: 'GET',
      url: 'https://a.example/',
      consumer,
      signatureMethod: 'HMAC-SHA1',
      random: (bytes) => bytes.fill(1),
      clock: () => 1_700_000_000_999,
    });
    expect(signed.params.oauth_nonce).toBe('B'.repeat(24));
    expect(signed.params.oauth_timestamp).toBe('1700000000');
    expect(signed.params.oauth_version).toBe('1.0');
  });

  it('signs with HMAC-SHA1 when no signature method is given', async () => {
    const request = {
      method: 'POST',
      url: 'https://a.example/r?b=2',
      consumer,
      token: { key: 't', secret: 'ts' },
      nonce: 'n0nce',
      timestamp: '1700000000',
    };
    const unnamed = await signOAuth1(request);
    const named = await signOAuth1({ ...request, signatureMethod: 'HMAC-SHA1' });
    expect(unnamed.params.oauth_signature_method).toBe('HMAC-SHA1');
    expect(unnamed.signature).toBe(named.signature);
    expect(unnamed.authorization).toBe(named.authorization);
  });

  it('refuses an RSA consumer without a signature method, naming what HMAC-SHA1 needs', async () => {
    await expect(
      signOAuth1({
        method: 'GET',
        url: 'https://a.example/',
        consumer: { key: 'k', privateKey: vectorText('rsa-sha1-key.pem') },
      }),
    ).rejects.toThrow(/HMAC-SHA1 needs consumer.secret/);
  });

  it('draws a fresh 24-character alphanumeric nonce each time', async () => {
    const a = generateNonce();
    const b = generateNonce();
    expect(a).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(a).not.toBe(b);
    expect(generateNonce(30)).toHaveLength(30);
    expect(() => generateNonce(0)).toThrow(RangeError);
  });

  it('gives a 10-digit timestamp today', () => {
    expect(timestamp()).toMatch(/^\d{10}$/);
  });

  it('refuses an unknown signature method', async () => {
    await expect(
      signOAuth1({
        method: 'GET',
        url: 'https://a.example/',
        consumer,
        signatureMethod: 'HMAC-MD5' as 'HMAC-SHA1',
      }),
    ).rejects.toThrow(/signatureMethod must be one of/);
  });

  it('refuses a parameter with a lone surrogate with an EncodingError', async () => {
    await expect(
      signOAuth1({
        method: 'POST',
        url: 'https://a.example/',
        callback: 'https://client.example/\uD800',
        consumer,
        signatureMethod: 'HMAC-SHA1',
      }),
    ).rejects.toThrow(EncodingError);
  });
});

describe('extraOAuthParams', () => {
  const base = {
    method: 'POST',
    url: 'https://a.example/',
    consumer: { key: 'k', secret: 's' },
    signatureMethod: 'HMAC-SHA1',
  } as const;

  it('signs and sends further oauth_* parameters', async () => {
    const signed = await signOAuth1({
      ...base,
      extraOAuthParams: { oauth_body_hash: '2jmj7l5rSw0yVb/vlWAYkK/YBwk=' },
    });
    expect(signed.params.oauth_body_hash).toBe('2jmj7l5rSw0yVb/vlWAYkK/YBwk=');
    expect(signed.baseString).toContain(
      'oauth_body_hash%3D2jmj7l5rSw0yVb%252FvlWAYkK%252FYBwk%253D',
    );
  });

  it('refuses to override a parameter it sets, or a name outside oauth_*', async () => {
    for (const extra of [{ oauth_token: 't' }, { oauth_signature: 'x' }, { status: 'x' }])
      await expect(signOAuth1({ ...base, extraOAuthParams: extra })).rejects.toThrow(TypeError);
  });
});

describe('authorizationHeader', () => {
  it('quotes the realm and percent-encodes every parameter', () => {
    expect(authorizationHeader({ oauth_callback: 'http://a/b?c=d e' }, 'Ph"otos')).toBe(
      'OAuth realm="Ph\\"otos", oauth_callback="http%3A%2F%2Fa%2Fb%3Fc%3Dd%20e"',
    );
  });
});

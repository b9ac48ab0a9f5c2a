// Properties over every reader of outside input: any value gives a typed error or a result,
// never a crash; hex round-trips; seal and open are inverse; nonces never repeat.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CryptoSessionError,
  errorFromBody,
  fromHex,
  MalformedError,
  openJson,
  randomBytes,
  readEncryptedBody,
  readLoginInfo,
  readLoginInfoRequest,
  readLoginRequest,
  readLoginResponse,
  sealJson,
  toHex,
} from '../src/index.ts';

const readers = { readLoginRequest, readLoginInfoRequest, readLoginResponse, readLoginInfo };

function typedOrValue(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoSessionError);
  }
}

describe('readers of wire JSON', () => {
  for (const [name, read] of Object.entries(readers)) {
    it(`${name} answers any JSON value with a value or a MalformedError`, () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          try {
            read(value);
          } catch (error) {
            expect(error).toBeInstanceOf(MalformedError);
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it('readEncryptedBody accepts exactly hex text with a 24-byte nonce', () => {
    fc.assert(
      fc.property(
        fc.record({
          text: fc.oneof(fc.string(), fc.uint8Array().map(toHex)),
          nonce: fc.oneof(fc.string(), fc.uint8Array().map(toHex)),
        }),
        (body) => {
          typedOrValue(() => {
            const read = readEncryptedBody(body, 'body');
            expect(read.nonce).toHaveLength(48);
            expect(read.text.length).toBeGreaterThanOrEqual(32);
          });
        },
      ),
    );
  });

  it('errorFromBody makes a typed error of anything', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.jsonValue(), (status, body) => {
        expect(errorFromBody(status, body)).toBeInstanceOf(CryptoSessionError);
      }),
    );
  });
});

describe('hex', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array(), (bytes) => {
        expect(fromHex(toHex(bytes), 'x')).toEqual(bytes);
      }),
    );
  });

  it('refuses any text that is not even-length hex, where Buffer.from would truncate', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const valid = /^([0-9a-fA-F]{2})*$/.test(text);
        if (valid) expect(fromHex(text, 'x')).toEqual(new Uint8Array(Buffer.from(text, 'hex')));
        else expect(() => fromHex(text, 'x')).toThrow(MalformedError);
      }),
    );
  });
});

describe('sealed JSON', () => {
  it('opens to what was sealed, and not under another key', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const key = randomBytes(32);
        const sealed = sealJson(value, key);
        expect(openJson(sealed, key, 'body')).toEqual(JSON.parse(JSON.stringify(value)));
        expect(() => openJson(sealed, randomBytes(32), 'body')).toThrow(CryptoSessionError);
      }),
      { numRuns: 200 },
    );
  });

  it('never repeats a nonce over 100,000 seals under one key', () => {
    const key = randomBytes(32);
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(sealJson(i, key).nonce);
    expect(seen.size).toBe(100_000);
  });
});

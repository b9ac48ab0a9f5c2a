// RFC 5849 §3.6 percent-encoding on the vector table and on strings that cannot be encoded.
import { describe, expect, it } from 'vitest';
import { EncodingError, percentEncode } from '../src/index.ts';
import { vectors } from './vectors.ts';

describe('percentEncode', () => {
  for (const [input, expected] of vectors<[string, string][]>('percent-encoding.json')) {
    it(`encodes ${JSON.stringify(input)} as ${expected}`, () => {
      expect(percentEncode(input)).toBe(expected);
    });
  }

  it('refuses a lone high surrogate with an EncodingError naming its index', () => {
    expect(() => percentEncode('ab\uD800c')).toThrow(EncodingError);
    expect(() => percentEncode('ab\uD800c')).toThrow(/index 2/);
  });

  it('refuses a lone low surrogate after a valid pair', () => {
    const error = (() => {
      try {
        percentEncode('😀\uDC00');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(EncodingError);
    expect((error as EncodingError).code).toBe('ERR_INVALID_ENCODING');
    expect((error as EncodingError).message).toMatch(/index 2/);
  });
});

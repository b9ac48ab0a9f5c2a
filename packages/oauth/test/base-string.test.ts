// RFC 5849 §3.4.1 signature base strings: base string URI, parameter normalization, ordering.
import { describe, expect, it } from 'vitest';
import { baseStringUri, normalizeParameters, signatureBaseString } from '../src/index.ts';
import { vectors } from './vectors.ts';

describe('baseStringUri', () => {
  for (const { url, uri } of vectors<{ url: string; uri: string }[]>('base-string-uri.json')) {
    it(`reduces ${url} to ${uri}`, () => {
      expect(baseStringUri(url)).toBe(uri);
    });
  }
});

describe('signatureBaseString', () => {
  const cases =
    vectors<{ method: string; url: string; params?: string; baseString?: string }[]>(
      'normalization.json',
    );
  for (const { method, url, params, baseString } of cases) {
    it(`normalizes the parameters of ${url}`, () => {
      const built = signatureBaseString({ method, url });
      if (baseString !== undefined) expect(built).toBe(baseString);
      if (params !== undefined)
        expect(decodeURIComponent(built.split('&')[2] as string)).toBe(params);
    });
  }

  it('upper-cases the method', () => {
    expect(signatureBaseString({ method: 'post', url: 'https://a.example/' })).toBe(
      'POST&https%3A%2F%2Fa.example%2F&',
    );
  });

  it('keeps a query parameter and a body parameter of the same name and value both', () => {
    const built = signatureBaseString({
      method: 'POST',
      url: 'https://a.example/?x=1',
      params: [['x', '1']],
    });
    expect(built.endsWith('&x%3D1%26x%3D1')).toBe(true);
  });

  it('accepts parameters as a record, pairs or URLSearchParams alike', () => {
    const url = 'https://a.example/p';
    const expected = signatureBaseString({
      method: 'GET',
      url,
      params: [
        ['b', '2'],
        ['a', '1'],
      ],
    });
    expect(signatureBaseString({ method: 'GET', url, params: { a: '1', b: '2' } })).toBe(expected);
    expect(
      signatureBaseString({ method: 'GET', url, params: new URLSearchParams('b=2&a=1') }),
    ).toBe(expected);
  });
});

describe('normalizeParameters', () => {
  it('sorts by encoded name, then by encoded value, keeping duplicates', () => {
    expect(
      normalizeParameters([
        ['a', 'z'],
        ['a', ' '],
        ['A', 'x'],
        ['a', 'b'],
      ]),
    ).toBe('A=x&a=%20&a=b&a=z');
  });
});

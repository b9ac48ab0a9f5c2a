// Properties that hold for every input, checked with fast-check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AuthorizationResponseError,
  CallbackError,
  LimitExceededError,
  normalizeParameters,
  OAuth1Client,
  OAuthError,
  percentEncode,
  signatureBaseString,
  validateCallback,
} from '../src/index.ts';

const pairs = fc.array(fc.tuple(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' })), {
  maxLength: 12,
});

describe('properties', () => {
  it('the base string is invariant under parameter order', () => {
    fc.assert(
      fc.property(pairs, fc.nat(), (params, seed) => {
        const shuffled = [...params];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (seed + i * 7919) % (i + 1);
          [shuffled[i], shuffled[j]] = [
            shuffled[j] as [string, string],
            shuffled[i] as [string, string],
          ];
        }
        const url = 'https://api.example.com/1.1/resource';
        expect(signatureBaseString({ method: 'POST', url, params: shuffled })).toBe(
          signatureBaseString({ method: 'POST', url, params }),
        );
      }),
    );
  });

  it('percent-encoding round-trips through decodeURIComponent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const encoded = percentEncode(value);
        expect(encoded).toMatch(/^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/);
        expect(decodeURIComponent(encoded)).toBe(value);
      }),
    );
  });

  it('a parameter signed in the query or in the body gives the same base string', () => {
    fc.assert(
      fc.property(pairs, (params) => {
        const url = new URL('https://api.example.com/r');
        for (const [k, v] of params) url.searchParams.append(k, v);
        expect(signatureBaseString({ method: 'GET', url })).toBe(
          signatureBaseString({ method: 'GET', url: 'https://api.example.com/r', params }),
        );
      }),
    );
  });

  it('normalization keeps every pair', () => {
    fc.assert(
      fc.property(pairs, (params) => {
        const normalized = normalizeParameters(params);
        expect(normalized === '' ? 0 : normalized.split('&').length).toBe(params.length);
      }),
    );
  });

  it('no callback input crashes the OAuth 2.0 validator: it returns or throws a callback error', () => {
    const server = {
      issuer: 'https://as.example',
      authorizationEndpoint: 'https://as.example/a',
      tokenEndpoint: 'https://as.example/t',
      issParameterSupported: true,
    };
    const transaction = { state: 's', issuer: 'https://as.example', createdAt: Date.now() };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 300 }),
          fc.webUrl({ withQueryParameters: true }),
        ),
        (input) => {
          try {
            validateCallback(server, transaction, input);
          } catch (error) {
            expect(
              error instanceof CallbackError ||
                error instanceof AuthorizationResponseError ||
                error instanceof LimitExceededError,
            ).toBe(true);
          }
        },
      ),
    );
  });

  it('no callback input crashes the OAuth 1.0a validator', () => {
    const client = new OAuth1Client({
      consumer: { key: 'k', secret: 's' },
      endpoints: {
        requestToken: 'https://p.example/r',
        authorize: 'https://p.example/a',
        accessToken: 'https://p.example/t',
      },
    });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (input) => {
        try {
          client.validateCallback(`?${input}`, { key: 'issued' });
        } catch (error) {
          expect(error).toBeInstanceOf(OAuthError);
        }
      }),
    );
  });
});

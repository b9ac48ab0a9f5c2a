// RFC 7636 PKCE: the Appendix B vector, fresh verifiers, and verifiers of the wrong shape.
import { describe, expect, it } from 'vitest';
import { generateCodeVerifier, generatePkce, pkceChallenge } from '../src/index.ts';
import { vectors } from './vectors.ts';

const appendixB = vectors<{ verifierOctets: number[]; verifier: string; challenge: string }>(
  'pkce.json',
);

describe('PKCE', () => {
  it('computes the RFC 7636 Appendix B challenge', () => {
    expect(pkceChallenge(appendixB.verifier)).toBe(appendixB.challenge);
  });

  it('turns the Appendix B octets into its verifier', () => {
    const octets = Uint8Array.from(appendixB.verifierOctets);
    const fixed = (bytes: Uint8Array) => {
      bytes.set(octets);
      return bytes;
    };
    expect(generateCodeVerifier(fixed)).toBe(appendixB.verifier);
  });

  it('draws 43-character verifiers from the CSPRNG, each different', () => {
    const a = generatePkce();
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.challenge).toBe(pkceChallenge(a.verifier));
    expect(a.method).toBe('S256');
    expect(generatePkce().verifier).not.toBe(a.verifier);
  });

  it('refuses verifiers outside 43–128 unreserved characters', () => {
    expect(() => pkceChallenge('short')).toThrow(TypeError);
    expect(() => pkceChallenge('a'.repeat(129))).toThrow(TypeError);
    expect(() => pkceChallenge(`${'a'.repeat(42)}+`)).toThrow(TypeError);
    expect(pkceChallenge('a'.repeat(128))).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

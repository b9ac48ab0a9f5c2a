// validateCallback on crafted callbacks: the checks real servers could not be made to fail.
import { describe, expect, it } from 'vitest';
import {
  type AuthorizationServer,
  type AuthorizationTransaction,
  CallbackError,
  LimitExceededError,
  metadataUrl,
  validateCallback,
} from '../src/index.ts';

const server: AuthorizationServer = {
  issuer: 'https://as.example',
  authorizationEndpoint: 'https://as.example/authorize',
  tokenEndpoint: 'https://as.example/token',
  issParameterSupported: true,
};
const transaction: AuthorizationTransaction = {
  state: 'the-state',
  codeVerifier: 'v'.repeat(43),
  issuer: 'https://as.example',
  redirectUri: 'https://client.example/cb',
  createdAt: 1_000_000,
};
const clock = () => 1_000_000 + 1000;
const check = (query: string, options = {}) =>
  validateCallback(server, transaction, query, { clock, ...options });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as CallbackError).code;
  }
  return 'none';
};

describe('validateCallback', () => {
  it('returns the code of a callback that passes every check', () => {
    const { code, params } = check('?code=abc&state=the-state&iss=https%3A%2F%2Fas.example');
    expect(code).toBe('abc');
    expect(params.get('iss')).toBe('https://as.example');
  });

  it('accepts a full URL, a query without ? and URLSearchParams alike', () => {
    const query = 'code=abc&state=the-state&iss=https%3A%2F%2Fas.example';
    expect(check(`https://client.example/cb?${query}`).code).toBe('abc');
    expect(check(query).code).toBe('abc');
    expect(validateCallback(server, transaction, new URLSearchParams(query), { clock }).code).toBe(
      'abc',
    );
  });

  it('refuses a duplicated state, iss, code or error', () => {
    const base = 'code=abc&state=the-state&iss=https%3A%2F%2Fas.example';
    for (const extra of ['state=x', 'iss=x', 'code=x', 'error=x&error=y'])
      expect(codeOf(() => check(`${base}&${extra}`))).toBe('ERR_DUPLICATE_PARAMETER');
  });

  it('refuses a missing state', () => {
    expect(codeOf(() => check('code=abc&iss=https%3A%2F%2Fas.example'))).toBe('ERR_STATE_MISMATCH');
  });

  it('checks iss before state, so a mix-up is reported as such', () => {
    expect(codeOf(() => check('code=abc&state=other&iss=https%3A%2F%2Fevil.example'))).toBe(
      'ERR_ISSUER_MISMATCH',
    );
  });

  it('checks state before error, so a forged error is a state mismatch', () => {
    expect(
      codeOf(() => check('error=access_denied&state=forged&iss=https%3A%2F%2Fas.example')),
    ).toBe('ERR_STATE_MISMATCH');
  });

  it('refuses implicit-flow and JARM parameters', () => {
    for (const name of ['access_token', 'id_token', 'token_type', 'response'])
      expect(
        codeOf(() => check(`code=abc&state=the-state&iss=https%3A%2F%2Fas.example&${name}=x`)),
      ).toBe('ERR_UNSUPPORTED_RESPONSE');
  });

  it('refuses a callback without a code', () => {
    expect(codeOf(() => check('state=the-state&iss=https%3A%2F%2Fas.example'))).toBe(
      'ERR_MISSING_PARAMETER',
    );
  });

  it('refuses a transaction older than transactionTtlMs', () => {
    const late = () => 1_000_000 + 600_001;
    expect(
      codeOf(() =>
        validateCallback(
          server,
          transaction,
          'code=a&state=the-state&iss=https%3A%2F%2Fas.example',
          {
            clock: late,
          },
        ),
      ),
    ).toBe('ERR_TRANSACTION_EXPIRED');
  });

  it('does not require iss from a server that does not advertise it', () => {
    const plain = { ...server, issParameterSupported: false };
    expect(validateCallback(plain, transaction, 'code=a&state=the-state', { clock }).code).toBe(
      'a',
    );
  });

  it('refuses a callback longer than maxCallbackLength', () => {
    expect(() => check(`code=${'a'.repeat(9000)}&state=the-state`)).toThrow(LimitExceededError);
    expect(() =>
      check(`code=${'a'.repeat(90)}&state=the-state`, { limits: { maxCallbackLength: 50 } }),
    ).toThrow(expect.objectContaining({ limit: 'maxCallbackLength' }));
  });

  it('names the parameter at fault', () => {
    try {
      check('code=abc&state=nope&iss=https%3A%2F%2Fas.example');
    } catch (error) {
      expect(error).toBeInstanceOf(CallbackError);
      expect((error as CallbackError).parameter).toBe('state');
    }
    expect.assertions(2);
  });
});

describe('metadataUrl', () => {
  it('puts the well-known suffix between host and issuer path (RFC 8414 §3.1)', () => {
    expect(metadataUrl('https://as.example/tenant/1').href).toBe(
      'https://as.example/.well-known/oauth-authorization-server/tenant/1',
    );
    expect(metadataUrl('https://as.example').href).toBe(
      'https://as.example/.well-known/oauth-authorization-server',
    );
    expect(metadataUrl('https://as.example/tenant', 'openid-configuration').href).toBe(
      'https://as.example/tenant/.well-known/openid-configuration',
    );
  });
});

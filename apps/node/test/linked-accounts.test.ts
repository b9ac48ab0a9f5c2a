// The parts of linked accounts that need no provider: the OAuth config file, the secrets key file,
// the box that seals tokens, and the flags that name them.
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HELP, parseCommandLine } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { readOAuthConfig } from '../src/linked-accounts/oauth-config.js';
import { loadSecretsKey } from '../src/secrets/key-file.js';
import { TokenBox } from '../src/secrets/token-box.js';
import { createTempDir } from './support/databases.js';

let temp: ReturnType<typeof createTempDir>;
beforeEach(() => {
  temp = createTempDir();
});
afterEach(() => temp.remove());

const configFile = (value: unknown) => {
  const file = join(temp.dir, 'oauth.json');
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

describe('readOAuthConfig', () => {
  it('reads providers with secrets inline, from a file and from the environment', () => {
    writeFileSync(join(temp.dir, 'x-secret.txt'), 'consumer-secret\n');
    const config = readOAuthConfig(
      configFile({
        providers: {
          stripe: { client_id: 'ca_1', secret_env: 'STRIPE_KEY' },
          x: { client_id: 'ck', secret_file: 'x-secret.txt' },
          local: {
            type: 'oauth2',
            issuer: 'https://id.example',
            client_id: 'c',
            scopes: ['openid'],
          },
        },
      }),
      { STRIPE_KEY: 'sk_test_1' },
    );
    expect(config.providers.get('stripe')).toMatchObject({
      kind: 'stripe',
      title: 'Stripe',
      secret: 'sk_test_1',
      scopes: ['read_write'],
    });
    expect(config.providers.get('x')).toMatchObject({ kind: 'x', secret: 'consumer-secret' });
    expect(config.providers.get('local')).toMatchObject({
      kind: 'oauth2',
      secret: undefined,
      issuer: 'https://id.example',
    });
    expect(config.transactionTtlMs).toBe(600_000);
    expect(config.announcements).toEqual({
      minIntervalMs: 60_000,
      retryBaseMs: 5000,
      maxAttempts: 5,
    });
  });

  it.each([
    [{ providers: { github: { client_id: 'c' } } }, 'give other providers "type": "oauth2"'],
    [
      { providers: { stripe: { client_id: 'c' } } },
      'give the secret as "secret", "secret_file" or "secret_env"',
    ],
    [{ providers: { stripe: { client_id: 'c', secret: 's', secret_env: 'S' } } }, 'not several'],
    [
      { providers: { x: { client_id: 'c', secret_env: 'UNSET_VARIABLE' } } },
      'UNSET_VARIABLE is not set',
    ],
    [
      {
        providers: {
          x: { client_id: 'c', secret: 's', endpoints: { token_endpoint: 'https://a' } },
        },
      },
      'unknown setting "providers.x.endpoints.token_endpoint"',
    ],
    [
      { providers: { local: { type: 'oauth2', client_id: 'c' } } },
      'providers.local.issuer is missing',
    ],
    [{ providers: { 'Bad Name': {} } }, 'a provider name is lower-case'],
    [
      { providers: {}, public_url: 'https://events.example/path' },
      '"public_url" must be an origin',
    ],
    [
      { providers: {}, transaction_ttl_seconds: 0 },
      '"transaction_ttl_seconds" must be a positive number',
    ],
    [{ provider: {} }, 'unknown setting "provider"'],
    ['{not json', '--oauth-config'],
  ])('refuses %j, naming what is wrong', (value, message) => {
    const file = configFile(value);
    let error: unknown;
    try {
      readOAuthConfig(file, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain(message);
  });
});

describe('loadSecretsKey', () => {
  it('makes a 32-byte key with mode 0600 in the data dir on first use, and reads it after', () => {
    const key = loadSecretsKey(temp.dir);
    expect(key).toHaveLength(32);
    expect(statSync(join(temp.dir, 'secrets.key')).mode & 0o777).toBe(0o600);
    expect(loadSecretsKey(temp.dir)).toEqual(key);
  });

  it('refuses a key file that others may read', () => {
    loadSecretsKey(temp.dir);
    chmodSync(join(temp.dir, 'secrets.key'), 0o644);
    expect(() => loadSecretsKey(temp.dir)).toThrow(/mode 644 lets others read it; run chmod 600/);
  });

  it('refuses a key of the wrong length, and a --secrets-key-file that does not exist', () => {
    const short = join(temp.dir, 'short.key');
    writeFileSync(short, Buffer.alloc(16).toString('base64url'), { mode: 0o600 });
    expect(() => loadSecretsKey(temp.dir, short)).toThrow(
      /expected 32 bytes as base64url, found 16/,
    );
    expect(() => loadSecretsKey(temp.dir, join(temp.dir, 'missing.key'))).toThrow(
      /--secrets-key-file .*missing\.key: no such file/,
    );
  });
});

describe('TokenBox', () => {
  const box = new TokenBox(new Uint8Array(32).fill(1));

  it('opens what it sealed for the same context, with a fresh nonce each time', () => {
    const a = box.seal('sk_test_secret', ['1', 'stripe', 'access']);
    const b = box.seal('sk_test_secret', ['1', 'stripe', 'access']);
    expect(a).not.toBe(b);
    expect(a).not.toContain('sk_test_secret');
    expect(box.open(a, ['1', 'stripe', 'access'])).toBe('sk_test_secret');
  });

  it('refuses another event, provider or field, another key, and an altered value', () => {
    const sealed = box.seal('token', ['1', 'stripe', 'access']);
    expect(() => box.open(sealed, ['2', 'stripe', 'access'])).toThrow();
    expect(() => box.open(sealed, ['1', 'x', 'access'])).toThrow();
    expect(() => box.open(sealed, ['1', 'stripe', 'refresh'])).toThrow();
    expect(() =>
      new TokenBox(new Uint8Array(32).fill(2)).open(sealed, ['1', 'stripe', 'access']),
    ).toThrow();
    const altered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(() => box.open(altered, ['1', 'stripe', 'access'])).toThrow();
  });

  it('takes only a 32-byte key', () => {
    expect(() => new TokenBox(new Uint8Array(16))).toThrow(RangeError);
  });
});

describe('flags', () => {
  it('--oauth-config and --secrets-key-file, from the command line or the config file', () => {
    const fromFlags = parseCommandLine(
      ['start', '--oauth-config', 'oauth.json', '--secrets-key-file', 'k.key'],
      {},
      temp.dir,
    );
    expect(fromFlags).toMatchObject({
      config: {
        oauthConfig: join(temp.dir, 'oauth.json'),
        secretsKeyFile: join(temp.dir, 'k.key'),
      },
    });
    writeFileSync(join(temp.dir, 'node.json'), JSON.stringify({ 'oauth-config': 'o.json' }));
    const fromFile = parseCommandLine(['start', '--config', 'node.json'], {}, temp.dir);
    expect(fromFile).toMatchObject({ config: { oauthConfig: join(temp.dir, 'o.json') } });
  });

  it('are documented in --help', () => {
    expect(HELP).toContain('--oauth-config FILE');
    expect(HELP).toContain('--secrets-key-file FILE');
  });
});

// Whether a user name is listed cannot be told from the work a login does: an unlisted name is
// hashed against a stand-in with the parameters of the listed users. The derivations are recorded
// (the real function runs; the record only watches it), not timed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DerivationSpec } from '../src/derive.ts';
import { AccessPolicy, hashPassword } from '../src/index.ts';

const calls: { spec: DerivationSpec; password: Uint8Array; dkLen: number }[] = [];

vi.mock('../src/derive.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/derive.ts')>();
  return {
    derive: (spec: DerivationSpec, password: Uint8Array, dkLen: number) => {
      calls.push({ spec, password, dkLen });
      return real.derive(spec, password, dkLen);
    },
  };
});

afterEach(() => {
  calls.length = 0;
});

/** What a derivation's cost depends on: everything but the bytes of the salt. */
const shapeOf = ({ spec, password, dkLen }: (typeof calls)[number]) => ({
  alg: spec.alg,
  params: 'params' in spec ? spec.params : undefined,
  saltBytes: spec.salt.length,
  passwordBytes: password.length,
  dkLen,
});

async function workOf(policy: AccessPolicy, user: string, password: string) {
  calls.length = 0;
  expect(await policy.authenticate(user, password, { remoteAddress: '10.0.0.1' })).toBeNull();
  return calls.map(shapeOf);
}

const scrypt = { alg: 'scrypt', params: { N: 1024, r: 8, p: 1 } } as const;
const argon2id = { alg: 'argon2id', params: { m: 64, t: 1, p: 1 } } as const;

describe('a login for an unlisted user name', () => {
  it('does the same derivation as a listed user with a wrong password', async () => {
    const entry = async (options: Parameters<typeof hashPassword>[1]) => ({
      ...(await hashPassword('right', options)),
      allowed_apis: ['database_api'],
    });
    const policy = await AccessPolicy.open({
      permission_map: [
        ['organizer', await entry(scrypt)],
        ['speaker', await entry(scrypt)],
        ['legacy', await entry({ alg: 'sha256-salt' })],
      ],
    });
    const listed = await workOf(policy, 'organizer', 'wrong');
    expect(listed).toEqual([
      { alg: 'scrypt', params: scrypt.params, saltBytes: 16, passwordBytes: 5, dkLen: 32 },
    ]);
    expect(await workOf(policy, 'nobody', 'wrong')).toEqual(listed);
    expect(await workOf(policy, 'another-nobody', 'wrong')).toEqual(listed);
  });

  it('takes the parameters most listed users have', async () => {
    const entry = async (options: Parameters<typeof hashPassword>[1]) => ({
      ...(await hashPassword('right', options)),
      allowed_apis: [],
    });
    const policy = await AccessPolicy.open({
      permission_map: [
        ['a', await entry(scrypt)],
        ['b', await entry(argon2id)],
        ['c', await entry(argon2id)],
      ],
    });
    expect(await workOf(policy, 'nobody', 'wrong')).toEqual(await workOf(policy, 'b', 'wrong'));
    expect(await workOf(policy, 'nobody', 'wrong')).not.toEqual(await workOf(policy, 'a', 'wrong'));
  });

  it('is checked against "*" when there is one, as in Graphene, and hashes nothing without users', async () => {
    const shared = await hashPassword('shared', { alg: 'sha256-salt' });
    const withWildcard = await AccessPolicy.open({
      permission_map: [['*', { ...shared, allowed_apis: [] }]],
    });
    expect(await workOf(withWildcard, 'nobody', 'wrong')).toEqual([
      { alg: 'sha256-salt', params: undefined, saltBytes: 16, passwordBytes: 5, dkLen: 32 },
    ]);
    const empty = await AccessPolicy.open({ permission_map: [] });
    expect(await workOf(empty, 'nobody', 'wrong')).toEqual([]);
  });

  it('is counted by the throttle like any failed login, which bounds what the extra hash costs', async () => {
    const policy = await AccessPolicy.open(
      {
        permission_map: [
          ['organizer', { ...(await hashPassword('right', scrypt)), allowed_apis: [] }],
        ],
      },
      { throttle: { freeFailures: 1, addressFreeFailures: 1 } },
    );
    const peer = { remoteAddress: '10.0.0.1' };
    expect(await policy.authenticate('nobody', 'x', peer)).toBeNull();
    expect(await policy.authenticate('nobody2', 'x', peer)).toBeNull();
    calls.length = 0;
    await expect(policy.authenticate('nobody3', 'x', peer)).rejects.toMatchObject({
      code: 'ERR_LOGIN_THROTTLED',
    });
    expect(calls).toEqual([]);
  });
});

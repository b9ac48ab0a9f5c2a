// The access policy as an Authenticator: grants for users, "*", the anonymous grant and the permission rule.
import { describe, expect, it } from 'vitest';
import {
  AccessPolicy,
  type Grant,
  hashPassword,
  type PeerInfo,
  parsePermissionMap,
} from '../src/index.ts';
import { docPath, docText } from './vectors.ts';

const doc = JSON.parse(docText);
const peer: PeerInfo = { remoteAddress: '127.0.0.1' };
const PUBLIC = ['database_api', 'network_broadcast_api', 'history_api'];
const HASH = '9e9GF7ooXVb9k4BoSfNIPTelXeGOZ5DrgOYMj94elaY=';
const SALT = 'INDdM6iCi/8=';

/** rpc-core's Authenticator, restated from the contract, to check the policy structurally. */
interface Authenticator {
  anonymous(peer: PeerInfo): Grant | null;
  authenticate(
    user: string,
    password: string,
    peer: PeerInfo,
  ): Grant | null | Promise<Grant | null>;
}

describe('AccessPolicy', () => {
  it("gives bytemaster the document's four APIs for supersecret", async () => {
    const policy = await AccessPolicy.open(docPath);
    const grant = await policy.authenticate('bytemaster', 'supersecret', peer);
    expect(grant).toEqual({
      user: 'bytemaster',
      apis: ['database_api', 'network_broadcast_api', 'history_api', 'network_node_api'],
    });
    expect(policy.allows(grant, 'network_node')).toBe(true);
    expect(policy.allows(grant, 'network_node_api')).toBe(true);
    expect(policy.allows(grant, 'crypto')).toBe(false);
  });

  it('satisfies the Authenticator interface as written in the contract', async () => {
    const authenticator: Authenticator = await AccessPolicy.open(doc);
    expect(authenticator.anonymous(peer)).toEqual({ user: null, apis: PUBLIC });
    expect(await authenticator.authenticate('bytemaster', 'supersecret', peer)).not.toBeNull();
  });

  it('gives a listed user with a wrong password nothing, not the "*" entry', async () => {
    const policy = await AccessPolicy.open(doc);
    expect(await policy.authenticate('bytemaster', 'wrong', peer)).toBeNull();
  });

  it('checks an unlisted user against the "*" entry, without naming them in the grant', async () => {
    const policy = await AccessPolicy.open(doc);
    expect(await policy.authenticate('alice', 'whatever', peer)).toEqual({
      user: null,
      apis: PUBLIC,
    });
    expect(await policy.authenticate('', '', peer)).toEqual({ user: null, apis: PUBLIC });
  });

  it('makes the anonymous grant from the "*" entry, as login("", "") does in Graphene', async () => {
    const policy = await AccessPolicy.open(doc);
    const anonymous = policy.anonymous(peer);
    expect(anonymous).toEqual({ user: null, apis: PUBLIC });
    expect(policy.allows(anonymous, 'database')).toBe(true);
    expect(policy.allows(anonymous, 'network_node')).toBe(false);
  });

  it('has no anonymous grant without a "*" entry, or when "*" needs a real password', async () => {
    const noWildcard = await AccessPolicy.open({ permission_map: [doc.permission_map[0]] });
    expect(noWildcard.anonymous()).toBeNull();
    expect(await noWildcard.authenticate('alice', 'x')).toBeNull();

    const shared = await hashPassword('shared secret', { alg: 'sha256-salt' });
    const locked = await AccessPolicy.open({
      permission_map: [['*', { ...shared, allowed_apis: PUBLIC }]],
    });
    expect(locked.anonymous()).toBeNull();
    expect(await locked.authenticate('anyone', 'shared secret')).toEqual({
      user: null,
      apis: PUBLIC,
    });
    expect(await locked.authenticate('anyone', 'nope')).toBeNull();
  });

  it('does not treat "*" in allowed_apis as a wildcard', async () => {
    const policy = await AccessPolicy.open({
      permission_map: [
        ['*', { password_hash_b64: '*', password_salt_b64: '*', allowed_apis: ['*'] }],
      ],
    });
    const grant = policy.anonymous();
    expect(grant?.apis).toEqual(['*']);
    expect(policy.allows(grant, 'database')).toBe(false);
  });

  it('reads strong-hash entries in the same file as legacy ones', async () => {
    const strong = await hashPassword('n3w', { alg: 'argon2id', params: { m: 64, t: 1, p: 1 } });
    const policy = await AccessPolicy.open({
      permission_map: [
        doc.permission_map[0],
        ['carol', { ...strong, allowed_apis: ['database_api', 'network_node_api'] }],
      ],
    });
    expect(await policy.authenticate('carol', 'n3w')).toEqual({
      user: 'carol',
      apis: ['database_api', 'network_node_api'],
    });
    expect(await policy.authenticate('carol', 'old')).toBeNull();
    expect(await policy.authenticate('bytemaster', 'supersecret')).not.toBeNull();
  });

  it('accepts a parsed map as its source', async () => {
    const policy = await AccessPolicy.open(parsePermissionMap(doc));
    expect(policy.map.get('bytemaster')?.allowedApis).toHaveLength(4);
  });

  it('fails over-long credentials without hashing them', async () => {
    const policy = await AccessPolicy.open(doc, { limits: { maxCredentialLength: 16 } });
    expect(await policy.authenticate('bytemaster', 'supersecret')).not.toBeNull();
    expect(await policy.authenticate('alice', 'x'.repeat(17))).toBeNull();
    expect(await policy.authenticate('a'.repeat(17), 'x')).toBeNull();
  });

  it('rejects non-string credentials with a TypeError', async () => {
    const policy = await AccessPolicy.open(doc);
    await expect(policy.authenticate(1 as unknown as string, 'x')).rejects.toThrow(TypeError);
  });

  it("rejects an invalid source with the parser's error, without secrets in it", async () => {
    const bad = {
      permission_map: [
        ['a', { password_hash_b64: HASH, password_salt_b64: `${SALT}x`, allowed_apis: [] }],
      ],
    };
    const error = await AccessPolicy.open(bad).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'ERR_INVALID_PERMISSION_MAP', field: 'password_salt_b64' });
    expect((error as Error).message).not.toContain(SALT);
  });
});

describe('verifyUser', () => {
  it('answers true only for a listed user with its password, never through "*"', async () => {
    const policy = await AccessPolicy.open(doc);
    // The footgun: with "*" of hash "*", authenticate grants any unlisted name and password.
    expect(await policy.authenticate('mallory', 'anything', peer)).not.toBeNull();
    expect(await policy.verifyUser('mallory', 'anything', peer)).toBe(false);
    expect(await policy.verifyUser('*', 'anything', peer)).toBe(false);
    expect(await policy.verifyUser('', '', peer)).toBe(false);
    expect(await policy.verifyUser('bytemaster', 'supersecret', peer)).toBe(true);
    expect(await policy.verifyUser('bytemaster', 'wrong', peer)).toBe(false);
  });

  it('is throttled like a login', async () => {
    const policy = await AccessPolicy.open(doc, { throttle: { freeFailures: 1 } });
    expect(await policy.verifyUser('bytemaster', 'a', peer)).toBe(false);
    expect(await policy.verifyUser('bytemaster', 'b', peer)).toBe(false);
    await expect(policy.verifyUser('bytemaster', 'supersecret', peer)).rejects.toMatchObject({
      code: 'ERR_LOGIN_THROTTLED',
    });
  });
});

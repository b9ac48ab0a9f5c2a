// Parsing and loading api-access documents: what Graphene reads, and every malformed file refused with its place.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  findEntry,
  loadPermissionMap,
  PermissionMapError,
  PermissionMapReadError,
  parsePermissionMap,
} from '../src/index.ts';
import { docPath, docText } from './vectors.ts';

const HASH = '9e9GF7ooXVb9k4BoSfNIPTelXeGOZ5DrgOYMj94elaY=';
const SALT = 'INDdM6iCi/8=';

const entry = (fields: Record<string, unknown> = {}) => ({
  password_hash_b64: HASH,
  password_salt_b64: SALT,
  allowed_apis: ['database_api'],
  ...fields,
});
const doc = (...pairs: unknown[]) => ({ permission_map: pairs });

/** The PermissionMapError thrown by parsing `value`. */
function failure(value: unknown): PermissionMapError {
  try {
    parsePermissionMap(value);
  } catch (error) {
    expect(error).toBeInstanceOf(PermissionMapError);
    const mapError = error as PermissionMapError;
    expect(mapError.code).toBe('ERR_INVALID_PERMISSION_MAP');
    // Messages never carry hash or salt values.
    expect(mapError.message).not.toContain(HASH);
    expect(mapError.message).not.toContain(SALT);
    return mapError;
  }
  throw new Error('expected parsePermissionMap to throw');
}

describe('parsePermissionMap', () => {
  it("reads the document's example with its user, wildcard and APIs, in file order", () => {
    const map = parsePermissionMap(docText);
    expect([...map.keys()]).toEqual(['bytemaster', '*']);
    const bytemaster = map.get('bytemaster');
    expect(bytemaster?.allowedApis).toEqual([
      'database_api',
      'network_broadcast_api',
      'history_api',
      'network_node_api',
    ]);
    expect(bytemaster?.password.alg).toBe('sha256-salt');
    expect(map.get('*')?.password).toEqual({ alg: 'any' });
  });

  it('reads the parsed document as well as its text', () => {
    expect([...parsePermissionMap(JSON.parse(docText)).keys()]).toEqual(['bytemaster', '*']);
  });

  it('looks a user up exactly first, then falls back to "*", as Graphene does', () => {
    const map = parsePermissionMap(docText);
    expect(findEntry(map, 'bytemaster')?.user).toBe('bytemaster');
    expect(findEntry(map, 'someone')?.user).toBe('*');
    expect(findEntry(map, '')?.user).toBe('*');
    expect(findEntry(parsePermissionMap(doc(['a', entry()])), 'b')).toBeUndefined();
  });

  it('refuses the object form of permission_map, saying Graphene refuses it too', () => {
    const error = failure({ permission_map: { bytemaster: entry() } });
    expect(error.field).toBe('permission_map');
    expect(error.message).toMatch(/array of \[user, entry\] pairs/);
    expect(error.message).toMatch(/Graphene/);
  });

  it('names the entry index, user and field of an unknown field', () => {
    const error = failure(doc(['a', entry()], ['bob', entry({ password_hash: HASH })]));
    expect([error.index, error.user, error.field]).toEqual([1, 'bob', 'password_hash']);
    expect(error.message).toBe(
      'permission_map[1], user "bob", field password_hash: unknown field (known: allowed_apis, password_hash_b64, password_salt_b64, password_hash_alg, password_hash_params)',
    );
  });

  it('refuses unknown top-level fields and a missing permission_map', () => {
    expect(failure({ permission_map: [], extra: 1 }).field).toBe('extra');
    expect(failure({}).field).toBe('permission_map');
    expect(failure([]).message).toMatch(/expected an object, got an array/);
  });

  it('refuses wrong types, naming the field', () => {
    expect(failure(doc(['a', entry({ password_hash_b64: 5 })])).field).toBe('password_hash_b64');
    expect(failure(doc(['a', entry({ allowed_apis: 'database_api' })])).field).toBe('allowed_apis');
    expect(failure(doc(['a', entry({ allowed_apis: ['database_api', 7] })])).field).toBe(
      'allowed_apis[1]',
    );
    expect(failure(doc([5, entry()])).message).toMatch(/permission_map\[0\]: expected a string/);
    expect(failure(doc(['a'])).message).toMatch(/\[user, entry\] pair, got 1 items/);
    expect(failure(doc(['a', []])).message).toMatch(/expected an object, got an array/);
  });

  it('refuses missing fields rather than defaulting them to empty as Graphene does', () => {
    const { allowed_apis: _dropped, ...withoutApis } = entry();
    expect(failure(doc(['a', withoutApis])).field).toBe('allowed_apis');
    const { password_salt_b64: _salt, ...withoutSalt } = entry();
    expect(failure(doc(['a', withoutSalt])).field).toBe('password_salt_b64');
  });

  it('refuses duplicate users, naming both places', () => {
    const error = failure(doc(['a', entry()], ['b', entry()], ['a', entry()]));
    expect([error.index, error.user]).toEqual([2, 'a']);
    expect(error.message).toMatch(/first listed at permission_map\[0\]/);
  });

  it('refuses base64 that Graphene and Node would read differently, or not canonically', () => {
    for (const bad of [
      'AB*CD===',
      'INDdM6iCi/8',
      'INDdM6iCi/9=',
      'IND dM6iCi/8=',
      'INDdM6iCi_8=',
    ]) {
      const error = failure(doc(['a', entry({ password_salt_b64: bad })]));
      expect(error.field).toBe('password_salt_b64');
      expect(error.message).toMatch(/not canonical padded base64/);
      expect(error.message).not.toContain(bad);
    }
    expect(failure(doc(['a', entry({ password_hash_b64: 'AB*CD' })])).field).toBe(
      'password_hash_b64',
    );
  });

  it('refuses a legacy hash that is not 32 bytes, which could never match', () => {
    const error = failure(doc(['a', entry({ password_hash_b64: 'INDdM6iCi/8=' })]));
    expect(error.message).toMatch(/decodes to 8 bytes, expected 32/);
  });

  it('keeps "*" inside allowed_apis as a plain name, not a wildcard', () => {
    const map = parsePermissionMap(doc(['a', entry({ allowed_apis: ['*'] })]));
    expect(map.get('a')?.allowedApis).toEqual(['*']);
  });

  it('reads strong-hash entries beside legacy ones, checking their parameters', () => {
    const scrypt = entry({
      password_hash_alg: 'scrypt',
      password_salt_b64: 'AAAAAAAAAAAAAAAAAAAAAA==',
      password_hash_params: { N: 1024, r: 8, p: 1 },
    });
    const map = parsePermissionMap(doc(['old', entry()], ['new', scrypt]));
    expect(map.get('new')?.password).toMatchObject({
      alg: 'scrypt',
      params: { N: 1024, r: 8, p: 1 },
    });
    const bad = (params: unknown) =>
      failure(doc(['new', { ...scrypt, password_hash_params: params }]));
    expect(bad({ N: 1000, r: 8, p: 1 }).field).toBe('password_hash_params.N');
    expect(bad({ N: 2 ** 30, r: 8, p: 1 }).field).toBe('password_hash_params.N');
    expect(bad({ N: 1024, r: 8 }).field).toBe('password_hash_params.p');
    expect(bad({ N: 1024, r: 8, p: 1, x: 1 }).field).toBe('password_hash_params.x');
    expect(failure(doc(['new', { ...scrypt, password_hash_alg: 'md5' }])).field).toBe(
      'password_hash_alg',
    );
    expect(failure(doc(['new', { ...scrypt, password_salt_b64: 'AAAA' }])).message).toMatch(
      /decodes to 3 bytes, expected 8 to 64/,
    );
    expect(failure(doc(['old', entry({ password_hash_params: { N: 2 } })])).message).toMatch(
      /not used by sha256-salt/,
    );
  });

  it('reports where invalid JSON is without quoting the text', () => {
    const text = `{"permission_map": [["a", {"password_hash_b64": "${HASH}",}]]}`;
    const error = failure(text);
    expect(error.message).toMatch(/^the document is not valid JSON at line 1, column \d+$/);
  });
});

describe('loadPermissionMap', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-access-load-'));

  it("loads the document's example file", async () => {
    const map = await loadPermissionMap(docPath);
    expect(map.get('bytemaster')?.allowedApis).toContain('network_node_api');
  });

  it('names the file in errors about its content', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(doc(['a', entry({ allowed_apis: [1] })])));
    await expect(loadPermissionMap(file)).rejects.toMatchObject({
      code: 'ERR_INVALID_PERMISSION_MAP',
      file,
      message: `${file}, permission_map[0], user "a", field allowed_apis[0]: expected a string, got a number`,
    });
  });

  it('fails with a read error for a missing file, and names maxFileBytes for one over it', async () => {
    const missing = join(dir, 'missing.json');
    await expect(loadPermissionMap(missing)).rejects.toThrow(PermissionMapReadError);
    await expect(loadPermissionMap(missing)).rejects.toMatchObject({
      code: 'ERR_PERMISSION_MAP_READ',
      message: `${missing}: cannot be read (ENOENT)`,
    });
    await expect(
      loadPermissionMap(docPath, { limits: { maxFileBytes: 100 } }),
    ).rejects.toMatchObject({
      code: 'ERR_LIMIT_EXCEEDED',
      limit: 'maxFileBytes',
      max: 100,
      message: `${fileURLToPath(docPath)} is larger than the limit maxFileBytes (100)`,
    });
  });
});

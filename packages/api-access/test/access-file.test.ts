// addUser, changePassword and deleteUser: the CLI's edits of an api-access.json, from code.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccessFileEditError,
  AccessPolicy,
  addUser,
  changePassword,
  deleteUser,
  PermissionMapReadError,
} from '../src/index.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'api-access-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BYTEMASTER = [
  'bytemaster',
  {
    password_hash_b64: '9e9GF7ooXVb9k4BoSfNIPTelXeGOZ5DrgOYMj94elaY=',
    password_salt_b64: 'INDdM6iCi/8=',
    allowed_apis: ['database_api', 'network_node_api'],
  },
];
const ANYONE = [
  '*',
  { password_hash_b64: '*', password_salt_b64: '*', allowed_apis: ['database_api'] },
];

let count = 0;
async function accessFile(pairs: unknown[] = [BYTEMASTER, ANYONE]): Promise<string> {
  const path = join(dir, `api-access-${count++}.json`);
  await writeFile(path, JSON.stringify({ permission_map: pairs }));
  return path;
}
const users = async (path: string) =>
  (JSON.parse(await readFile(path, 'utf8')).permission_map as [string, unknown][]).map(([u]) => u);
const verify = async (path: string, user: string, password: string) =>
  (await AccessPolicy.open(path, { throttle: false })).verifyUser(user, password);

describe('addUser', () => {
  it('appends the user with a scrypt hash, keeping the other entries as they were', async () => {
    const path = await accessFile();
    await addUser(path, 'carol', 'correct horse', { apis: ['crypto_api'] });
    const [first, second, third] = JSON.parse(await readFile(path, 'utf8')).permission_map;
    expect([first, second]).toEqual([BYTEMASTER, ANYONE]);
    expect(third[0]).toBe('carol');
    expect(third[1]).toMatchObject({ password_hash_alg: 'scrypt', allowed_apis: ['crypto_api'] });
    expect(await verify(path, 'carol', 'correct horse')).toBe(true);
    expect(await verify(path, 'carol', 'wrong')).toBe(false);
  });

  it('refuses a listed user with AccessFileEditError and leaves the file alone', async () => {
    const path = await accessFile();
    const before = await readFile(path, 'utf8');
    const error = await addUser(path, 'bytemaster', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessFileEditError);
    expect(error).toMatchObject({ code: 'ERR_ACCESS_FILE_EDIT', user: 'bytemaster' });
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('starts a missing file, readable by its owner only, only when asked to', async () => {
    const path = join(dir, 'new.json');
    await expect(addUser(path, 'dave', 'pw')).rejects.toThrow(PermissionMapReadError);
    await addUser(path, 'dave', 'pw', { create: true, alg: 'sha256-salt' });
    expect(await users(path)).toEqual(['dave']);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await verify(path, 'dave', 'pw')).toBe(true);
  });

  it('refuses an empty password with a RangeError', async () => {
    await expect(addUser(await accessFile(), 'erin', '')).rejects.toThrow(RangeError);
  });
});

describe('changePassword', () => {
  it("gives a new password in the entry's place, with its algorithm and APIs", async () => {
    const path = await accessFile();
    await changePassword(path, 'bytemaster', 'new secret');
    const [[user, entry]] = JSON.parse(await readFile(path, 'utf8')).permission_map;
    expect(user).toBe('bytemaster');
    expect(entry.password_hash_alg).toBeUndefined(); // still Graphene's own form
    expect(entry.allowed_apis).toEqual(['database_api', 'network_node_api']);
    expect(await verify(path, 'bytemaster', 'new secret')).toBe(true);
    expect(await verify(path, 'bytemaster', 'supersecret')).toBe(false);
  });

  it('changes the APIs and the algorithm when given', async () => {
    const path = await accessFile();
    await changePassword(path, 'bytemaster', 'pw', { apis: ['database_api'], alg: 'scrypt' });
    const [[, entry]] = JSON.parse(await readFile(path, 'utf8')).permission_map;
    expect(entry).toMatchObject({ password_hash_alg: 'scrypt', allowed_apis: ['database_api'] });
  });

  it('refuses a user that is not listed', async () => {
    await expect(changePassword(await accessFile(), 'mallory', 'pw')).rejects.toThrow(
      AccessFileEditError,
    );
  });
});

describe('deleteUser', () => {
  it('removes the user and keeps the others in order', async () => {
    const path = await accessFile();
    await addUser(path, 'carol', 'pw');
    await deleteUser(path, 'bytemaster');
    expect(await users(path)).toEqual(['*', 'carol']);
  });

  it('refuses a user that is not listed', async () => {
    await expect(deleteUser(await accessFile(), 'mallory')).rejects.toThrow(/not listed/);
  });
});

// Reloading an api-access file by hand and by watching it (the old map stays when the new one is
// bad), and what open connections need after a reload: grantFor and onChange.
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessPolicy, hashPassword, type PermissionMap } from '../src/index.ts';

const open = (apis: string[]) => ({
  permission_map: [['*', { password_hash_b64: '*', password_salt_b64: '*', allowed_apis: apis }]],
});
const broken = '{"permission_map": {"*": {}}}';

const dir = mkdtempSync(join(tmpdir(), 'api-access-reload-'));
let counter = 0;
function fileWith(content: unknown): string {
  const file = join(dir, `api-access-${++counter}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** Replaces `file` the way deploy tools do: write beside it, rename over it. */
function replace(file: string, content: unknown): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, typeof content === 'string' ? content : JSON.stringify(content));
  renameSync(temporary, file);
}

let policy: AccessPolicy | undefined;
afterEach(() => policy?.close());

describe('reload', () => {
  it('puts a changed file in force', async () => {
    const file = fileWith(open(['database_api']));
    policy = await AccessPolicy.open(file);
    replace(file, open(['database_api', 'history_api']));
    const map = await policy.reload();
    expect(map.get('*')?.allowedApis).toEqual(['database_api', 'history_api']);
    expect(policy.anonymous()?.apis).toEqual(['database_api', 'history_api']);
  });

  it('keeps the old map when the new file is bad, and rejects with the error', async () => {
    const file = fileWith(open(['database_api']));
    policy = await AccessPolicy.open(file);
    replace(file, broken);
    await expect(policy.reload()).rejects.toMatchObject({
      code: 'ERR_INVALID_PERMISSION_MAP',
      field: 'permission_map',
    });
    expect(policy.anonymous()?.apis).toEqual(['database_api']);
  });

  it('takes a new source, which later reloads read', async () => {
    policy = await AccessPolicy.open(open(['database_api']));
    const file = fileWith(open(['history_api']));
    await policy.reload(file);
    expect(policy.anonymous()?.apis).toEqual(['history_api']);
    replace(file, open(['crypto_api']));
    await policy.reload();
    expect(policy.anonymous()?.apis).toEqual(['crypto_api']);
  });

  it('reloads a watched file when it is replaced, and reports a bad one', async () => {
    const file = fileWith(open(['database_api']));
    const reloads: PermissionMap[] = [];
    const errors: Error[] = [];
    let wake: () => void = () => {};
    // Waits for reload events until `done` holds (a stray event of an earlier change may come first).
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise<void>((resolve) => (wake = resolve));
    };
    policy = await AccessPolicy.open(file, {
      watch: true,
      watchDebounceMs: 20,
      onReload: (map) => {
        reloads.push(map);
        wake();
      },
      onReloadError: (error) => {
        errors.push(error);
        wake();
      },
    });

    replace(file, open(['database_api', 'network_node_api']));
    await until(() => reloads.length > 0);
    expect(reloads.at(-1)?.get('*')?.allowedApis).toEqual(['database_api', 'network_node_api']);
    expect(policy.allows(policy.anonymous(), 'network_node')).toBe(true);

    replace(file, broken);
    await until(() => errors.length > 0);
    expect(errors.at(-1)).toMatchObject({ code: 'ERR_INVALID_PERMISSION_MAP', file });
    expect(policy.allows(policy.anonymous(), 'network_node')).toBe(true);
  });

  it('refuses watch: true without a file to watch', async () => {
    await expect(AccessPolicy.open(open([]), { watch: true })).rejects.toThrow(TypeError);
  });
});

const user = (name: string, apis: string[]) => [
  name,
  {
    password_hash_b64: '9e9GF7ooXVb9k4BoSfNIPTelXeGOZ5DrgOYMj94elaY=',
    password_salt_b64: 'INDdM6iCi/8=',
    allowed_apis: apis,
  },
];

describe('grantFor', () => {
  it("answers a listed user's grant in the map in force, without a password", async () => {
    const file = fileWith({
      permission_map: [user('organizer', ['database_api', 'network_node_api'])],
    });
    policy = await AccessPolicy.open(file);
    expect(policy.grantFor('organizer')).toEqual({
      user: 'organizer',
      apis: ['database_api', 'network_node_api'],
    });
    replace(file, { permission_map: [user('organizer', ['database_api'])] });
    await policy.reload();
    expect(policy.grantFor('organizer')).toEqual({ user: 'organizer', apis: ['database_api'] });
    replace(file, { permission_map: [user('speaker', ['database_api'])] });
    await policy.reload();
    expect(policy.grantFor('organizer')).toBeNull();
  });

  it('answers null for unlisted names and "*", whose password cannot be checked again', async () => {
    policy = await AccessPolicy.open({
      permission_map: [
        user('organizer', ['database_api']),
        ...open(['database_api']).permission_map,
      ],
    });
    expect(await policy.authenticate('visitor', 'anything')).toEqual({
      user: null,
      apis: ['database_api'],
    });
    expect(policy.grantFor('visitor')).toBeNull();
    expect(policy.grantFor('*')).toBeNull();
  });
});

describe('onChange', () => {
  it('tells each listener the new map after every reload, until it unsubscribes', async () => {
    const file = fileWith(open(['database_api']));
    policy = await AccessPolicy.open(file);
    const seen: string[][] = [];
    const stop = policy.onChange((map) => seen.push([...(map.get('*')?.allowedApis ?? [])]));
    replace(file, open(['history_api']));
    await policy.reload();
    replace(file, broken);
    await expect(policy.reload()).rejects.toThrow();
    await policy.reload(open(['crypto_api']));
    stop();
    await policy.reload(open(['asset_api']));
    expect(seen).toEqual([['history_api'], ['crypto_api']]);
  });

  it('tells listeners of a watched reload, and none after close', async () => {
    const file = fileWith(open(['database_api']));
    policy = await AccessPolicy.open(file, { watch: true, watchDebounceMs: 20 });
    const maps: PermissionMap[] = [];
    let wake: () => void = () => {};
    policy.onChange((map) => {
      maps.push(map);
      wake();
    });
    replace(file, open(['history_api']));
    while (maps.at(-1)?.get('*')?.allowedApis[0] !== 'history_api')
      await new Promise<void>((resolve) => (wake = resolve));
    policy.close();
    const count = maps.length;
    await policy.reload();
    expect(maps).toHaveLength(count);
  });

  it('reports a listener that throws to onReloadError, and still runs the others', async () => {
    const errors: Error[] = [];
    policy = await AccessPolicy.open(open([]), { onReloadError: (error) => errors.push(error) });
    const calls: string[] = [];
    policy.onChange(() => {
      calls.push('first');
      throw new Error('listener failed');
    });
    policy.onChange(() => calls.push('second'));
    await policy.reload(open(['database_api']));
    expect(calls).toEqual(['first', 'second']);
    expect(errors.map((error) => error.message)).toEqual(['listener failed']);
    expect(policy.anonymous()?.apis).toEqual(['database_api']);
  });
});

describe('a login that a reload overtakes', () => {
  const withUser = async (apis: string[], user = 'organizer') => ({
    permission_map: [
      [user, { ...(await hashPassword('right', { alg: 'scrypt' })), allowed_apis: apis }],
    ],
  });

  it('answers from the new map when the user is still listed', async () => {
    policy = await AccessPolicy.open(await withUser(['organizer_api']));
    const next = await withUser(['organizer_api', 'history_api']);
    const login = policy.authenticate('organizer', 'right');
    await policy.reload(next);
    expect(await login).toEqual({ user: 'organizer', apis: ['organizer_api', 'history_api'] });
  });

  it('refuses a user the new map removed', async () => {
    policy = await AccessPolicy.open(await withUser(['organizer_api']));
    const next = await withUser(['organizer_api'], 'someone-else');
    const login = policy.authenticate('organizer', 'right');
    await policy.reload(next);
    expect(await login).toBeNull();
  });
});

// Reloading an api-access file by hand and by watching it, keeping the old map when the new one is bad.
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessPolicy, type PermissionMap } from '../src/index.ts';

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

// api-access add, change, delete and verify on real api-access.json files: the edited user as
// asked, every other entry and the order kept, the file replaced atomically with its mode, and
// passwords typed on a real pseudo-terminal without echo or given with --password-stdin.
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessPolicy } from '../src/index.ts';
import { cli, onTerminal, piped } from './cli.ts';
import { docText } from './vectors.ts';

type Pair = [string, Record<string, unknown>];

const dir = mkdtempSync(join(tmpdir(), 'api-access-cli-'));
let counter = 0;

/** A fresh copy of the document's api-access.json (bytemaster, then "*"), mode 0640. */
function docFile(): string {
  const folder = join(dir, `case-${++counter}`);
  const file = join(folder, 'api-access.json');
  mkdirSync(folder);
  writeFileSync(file, docText);
  chmodSync(file, 0o640);
  return file;
}

const pairsOf = (file: string): Pair[] =>
  (JSON.parse(readFileSync(file, 'utf8')) as { permission_map: Pair[] }).permission_map;
const original = (JSON.parse(docText) as { permission_map: Pair[] }).permission_map;
const verifies = async (file: string, user: string, password: string) =>
  (await AccessPolicy.open(file, { throttle: false })).verifyUser(user, password);
const folderOf = (file: string) => readdirSync(join(file, '..'));

// Each case starts node (and python3) processes: generous time on a busy machine.
describe('api-access add', { timeout: 120_000 }, () => {
  it('appends the user with --password-stdin, keeping the other entries, their order and the mode', async () => {
    const file = docFile();
    const result = piped(
      ['add', file, 'carol', '--apis', 'database_api,crypto_api', '--password-stdin'],
      'carol pw\n',
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('added "carol"');
    const pairs = pairsOf(file);
    expect(pairs.slice(0, 2)).toEqual(original);
    expect(pairs.map(([user]) => user)).toEqual(['bytemaster', '*', 'carol']);
    expect(pairs[2]?.[1]).toMatchObject({
      password_hash_alg: 'scrypt',
      allowed_apis: ['database_api', 'crypto_api'],
    });
    expect(await verifies(file, 'carol', 'carol pw')).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(folderOf(file)).toEqual(['api-access.json']);
  });

  it('reads the password twice on a terminal without echo', async () => {
    const file = docFile();
    const password = 'tty-pässwörd';
    const { shown, code } = onTerminal(
      [...cli, 'add', file, 'dave', '--legacy'],
      [
        ['Password: ', `${password}\r`],
        ['Confirm password: ', `${password}\r`],
      ],
    );
    expect(code, shown).toBe(0);
    expect(shown).not.toContain(password);
    expect(Object.keys(pairsOf(file)[2]?.[1] ?? {})).toEqual([
      'password_hash_b64',
      'password_salt_b64',
      'allowed_apis',
    ]);
    expect(await verifies(file, 'dave', password)).toBe(true);
  });

  it('refuses a user already listed and leaves the file as it was', () => {
    const file = docFile();
    const before = readFileSync(file, 'utf8');
    const result = piped(['add', file, 'bytemaster', '--password-stdin'], 'x\n');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('"bytemaster" is already listed');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('starts a missing file only with --create, readable by its owner alone', async () => {
    const file = join(dir, `new-${++counter}.json`);
    const refused = piped(['add', file, 'erin', '--password-stdin'], 'pw\n');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('cannot be read (ENOENT)');
    const created = piped(['add', file, 'erin', '--password-stdin', '--create'], 'pw\n');
    expect(created.status, created.stderr).toBe(0);
    expect(pairsOf(file).map(([user]) => user)).toEqual(['erin']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await verifies(file, 'erin', 'pw')).toBe(true);
  });

  it('asks for --password-stdin when stdin is not a terminal, and refuses an empty password', () => {
    const file = docFile();
    const noFlag = piped(['add', file, 'carol'], 'pw\n');
    expect(noFlag.status).toBe(2);
    expect(noFlag.stderr).toContain('pass --password-stdin');
    const empty = piped(['add', file, 'carol', '--password-stdin'], '\n');
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('refusing an empty password');
    expect(readFileSync(file, 'utf8')).toBe(docText);
  });

  it('refuses a file that is not a valid api-access document, and leaves it alone', () => {
    const file = docFile();
    writeFileSync(file, '{"permission_map": {"bytemaster": {}}}');
    const result = piped(['add', file, 'carol', '--password-stdin'], 'pw\n');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the object form');
    expect(readFileSync(file, 'utf8')).toBe('{"permission_map": {"bytemaster": {}}}');
  });
});

describe('api-access change', { timeout: 120_000 }, () => {
  it("gives a new password on a terminal, keeping the entry's place, APIs and algorithm", async () => {
    const file = docFile();
    const { shown, code } = onTerminal(
      [...cli, 'change', file, 'bytemaster'],
      [
        ['Password: ', 'n3w secret\r'],
        ['Confirm password: ', 'n3w secret\r'],
      ],
    );
    expect(code, shown).toBe(0);
    expect(shown).not.toContain('n3w secret');
    const pairs = pairsOf(file);
    expect(pairs.map(([user]) => user)).toEqual(['bytemaster', '*']);
    expect(pairs[1]).toEqual(original[1]);
    const entry = pairs[0]?.[1] ?? {};
    expect(Object.keys(entry)).toEqual(['password_hash_b64', 'password_salt_b64', 'allowed_apis']);
    expect(entry.allowed_apis).toEqual(original[0]?.[1].allowed_apis);
    expect(await verifies(file, 'bytemaster', 'n3w secret')).toBe(true);
    expect(await verifies(file, 'bytemaster', 'supersecret')).toBe(false);
  });

  it('changes the algorithm and the APIs when asked, and refuses an unlisted user', async () => {
    const file = docFile();
    const result = piped(
      [
        'change',
        file,
        'bytemaster',
        '--alg',
        'argon2id',
        '--apis',
        'database_api',
        '--password-stdin',
      ],
      'strong\n',
    );
    expect(result.status, result.stderr).toBe(0);
    expect(pairsOf(file)[0]?.[1]).toMatchObject({
      password_hash_alg: 'argon2id',
      allowed_apis: ['database_api'],
    });
    expect(await verifies(file, 'bytemaster', 'strong')).toBe(true);
    const missing = piped(['change', file, 'nobody', '--password-stdin'], 'x\n');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('"nobody" is not listed');
  });

  it('fails on a mismatched confirmation without touching the file', () => {
    const file = docFile();
    const { code, shown } = onTerminal(
      [...cli, 'change', file, 'bytemaster'],
      [
        ['Password: ', 'one\r'],
        ['Confirm password: ', 'two\r'],
      ],
    );
    expect(code).toBe(1);
    expect(shown).toContain('the passwords do not match');
    expect(readFileSync(file, 'utf8')).toBe(docText);
  });
});

describe('api-access delete', { timeout: 120_000 }, () => {
  it('removes the user and keeps the rest, which a watching policy puts in force', async () => {
    const file = docFile();
    const policy = await AccessPolicy.open(file, { watch: true, watchDebounceMs: 20 });
    expect(policy.grantFor('bytemaster')).not.toBeNull();
    const changed = new Promise<void>((resolve) => policy.onChange(() => resolve()));
    const result = piped(['delete', file, 'bytemaster'], '');
    expect(result.status, result.stderr).toBe(0);
    expect(pairsOf(file)).toEqual([original[1]]);
    await changed;
    expect(policy.grantFor('bytemaster')).toBeNull();
    policy.close();
    expect(folderOf(file)).toEqual(['api-access.json']);
    const again = piped(['delete', file, 'bytemaster'], '');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('"bytemaster" is not listed');
  });
});

describe('api-access verify', { timeout: 120_000 }, () => {
  it('exits 0 for the user\'s own password and 1 otherwise, never through "*"', () => {
    const file = docFile();
    expect(piped(['verify', file, 'bytemaster', '--password-stdin'], 'supersecret\n').status).toBe(
      0,
    );
    const wrong = piped(['verify', file, 'bytemaster', '--password-stdin'], 'nope\n');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('wrong password for "bytemaster"');
    // "*" takes any password for unlisted names; verify does not.
    const unlisted = piped(['verify', file, 'mallory', '--password-stdin'], 'anything\n');
    expect(unlisted.status).toBe(1);
    expect(unlisted.stderr).toContain('"mallory" is not listed');
    expect(piped(['verify', file, '*', '--password-stdin'], 'anything\n').status).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(docText);
  });

  it('asks once on a terminal, without echo', () => {
    const file = docFile();
    const { shown, code } = onTerminal(
      [...cli, 'verify', file, 'bytemaster'],
      [['Password: ', 'supersecret\r']],
    );
    expect(code, shown).toBe(0);
    expect(shown).not.toContain('supersecret');
    expect(shown).not.toContain('Confirm');
  });

  it('answers usage errors with exit code 2', () => {
    expect(piped(['verify', 'only-a-file'], '').status).toBe(2);
    expect(piped(['delete', 'f', 'u', '--apis', 'x'], '').status).toBe(2);
    expect(piped(['remove', 'f', 'u'], '').status).toBe(2);
  });
});

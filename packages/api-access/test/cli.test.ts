// The api-access CLI run as a user runs it: piped stdin, a real pseudo-terminal, the packed bin.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessPolicy, type PasswordFields, verifyPassword } from '../src/index.ts';
import { cli, onTerminal, packageDir, piped } from './cli.ts';
import { python } from './python.ts';

/** The JSON document printed after the prompts. */
const printed = (text: string): unknown => JSON.parse(text.slice(text.search(/^[[{]/m)));

// Each case starts node (and python3) processes: generous time on a busy machine.
describe('api-access saltpass', { timeout: 120_000 }, () => {
  it('reads the password from a terminal without echo, twice, and prints a ready entry', async () => {
    const password = 'tty-S3cret-pässwörd';
    const { shown, code } = onTerminal(
      [...cli, 'saltpass', '--user', 'alice', '--apis', 'database_api,network_node_api'],
      [
        ['Password: ', `${password}\r`],
        ['Confirm password: ', `${password}\r`],
      ],
    );
    expect(code).toBe(0);
    expect(shown).toContain('Password: ');
    expect(shown).not.toContain(password);
    const pair = printed(shown) as [string, PasswordFields & { allowed_apis: string[] }];
    expect(pair[0]).toBe('alice');
    expect(pair[1]).toMatchObject({
      password_hash_alg: 'scrypt',
      allowed_apis: ['database_api', 'network_node_api'],
    });
    const policy = await AccessPolicy.open({ permission_map: [pair] });
    expect(await policy.authenticate('alice', password)).toEqual({
      user: 'alice',
      apis: ['database_api', 'network_node_api'],
    });
  });

  it('would show an echoed password: the terminal check can fail', () => {
    // A program that leaves echo on: what it reads shows on the terminal.
    const { shown } = onTerminal(
      ['python3', '-c', 'input("Password: ")'],
      [['Password: ', 'visible\r']],
    );
    expect(shown).toContain('visible');
  });

  it('fails when the confirmation differs, and on Ctrl-C', () => {
    const mismatch = onTerminal(
      [...cli, 'saltpass'],
      [
        ['Password: ', 'one\r'],
        ['Confirm password: ', 'two\r'],
      ],
    );
    expect(mismatch.code).toBe(1);
    expect(mismatch.shown).toContain('the passwords do not match');
    const interrupted = onTerminal([...cli, 'saltpass'], [['Password: ', 'abc\u0003']]);
    expect(interrupted.code).toBe(1);
    expect(interrupted.shown).toContain('interrupted');
  });

  it('handles backspace while typing', async () => {
    const { shown, code } = onTerminal(
      [...cli, 'saltpass', '--legacy'],
      [
        ['Password: ', 'secreX\u007ft\r'],
        ['Confirm password: ', 'secret\r'],
      ],
    );
    expect(code).toBe(0);
    expect(await verifyPassword(printed(shown) as PasswordFields, 'secret')).toBe(true);
  });

  it('reads the first line of piped stdin; --legacy gives the form Graphene and saltpass.py use', async () => {
    const result = piped(['saltpass', '--legacy'], 'supersecret\nignored\n');
    expect(result.status).toBe(0);
    const entry = JSON.parse(result.stdout) as PasswordFields & { allowed_apis: string[] };
    expect(Object.keys(entry)).toEqual(['password_hash_b64', 'password_salt_b64', 'allowed_apis']);
    expect(await verifyPassword(entry, 'supersecret')).toBe(true);
    const [graphene] = python<boolean[]>(
      `import base64, hashlib, json, sys
e = json.load(sys.stdin)
print(json.dumps([base64.b64decode(e['password_hash_b64']) == hashlib.sha256(b'supersecret' + base64.b64decode(e['password_salt_b64'])).digest()]))`,
      result.stdout,
    );
    expect(graphene).toBe(true);
  });

  it('writes argon2id entries with --alg argon2id, and strips a CRLF line ending', async () => {
    const result = piped(['saltpass', '--alg', 'argon2id'], 'pw\r\n');
    expect(result.status).toBe(0);
    const entry = JSON.parse(result.stdout) as PasswordFields;
    expect(entry.password_hash_alg).toBe('argon2id');
    expect(await verifyPassword(entry, 'pw')).toBe(true);
  });

  it('refuses an empty password, bad options and unknown commands', () => {
    const empty = piped(['saltpass'], '\n');
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('refusing an empty password');
    const badAlg = piped(['saltpass', '--alg', 'md5'], 'pw\n');
    expect(badAlg.status).toBe(2);
    expect(badAlg.stderr).toContain('--alg must be one of');
    expect(piped(['hash'], 'pw\n').status).toBe(2);
    expect(piped(['saltpass', '--nope'], 'pw\n').status).toBe(2);
  });

  it('runs as the bin of the packed package, as npx @convene/api-access saltpass does', async () => {
    // Build into a scratch copy, pack it with npm, unpack it as an installed dependency.
    const scratch = mkdtempSync(join(tmpdir(), 'api-access-pack-'));
    const build = join(scratch, 'build');
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const compiled = spawnSync(
      process.execPath,
      [tsc, '-p', 'tsconfig.build.json', '--outDir', join(build, 'dist')],
      { cwd: packageDir, encoding: 'utf8', timeout: 100_000 },
    );
    expect(compiled.status, compiled.stdout).toBe(0);
    cpSync(join(packageDir, 'package.json'), join(build, 'package.json'));
    cpSync(join(packageDir, 'src'), join(build, 'src'), { recursive: true });
    const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', scratch], {
      cwd: build,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(packed.status, packed.stderr).toBe(0);
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    const installed = join(scratch, 'app', 'node_modules', '@convene', 'api-access');
    mkdirSync(installed, { recursive: true });
    const untar = spawnSync('tar', [
      'xzf',
      join(scratch, filename),
      '-C',
      installed,
      '--strip-components=1',
    ]);
    expect(untar.status).toBe(0);
    mkdirSync(join(scratch, 'app', 'node_modules', '@noble'));
    symlinkSync(
      realpathSync(join(packageDir, 'node_modules', '@noble', 'hashes')),
      join(scratch, 'app', 'node_modules', '@noble', 'hashes'),
    );
    // npx runs the bin named like the package without its scope.
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    const bin = join(installed, manifest.bin['api-access']);
    expect(readFileSync(bin, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    const run = spawnSync(process.execPath, [bin, 'saltpass', '--legacy', '--user', 'bob'], {
      cwd: join(scratch, 'app'),
      input: 'supersecret\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const [user, entry] = JSON.parse(run.stdout) as [string, PasswordFields];
    expect(user).toBe('bob');
    expect(await verifyPassword(entry, 'supersecret')).toBe(true);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is the package bin, with a node shebang', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(manifest.bin).toEqual({ 'api-access': './dist/bin/cli.js' });
    expect(readFileSync(new URL('../src/bin/cli.ts', import.meta.url), 'utf8')).toMatch(
      /^#!\/usr\/bin\/env node\n/,
    );
  });
});

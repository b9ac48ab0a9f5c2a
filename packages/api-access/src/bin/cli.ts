#!/usr/bin/env node
// The api-access command: add, change, delete and verify a user of an api-access.json in place,
// or print a new entry (saltpass); passwords read without echo or from stdin.
import { ReadStream } from 'node:tty';
import { parseArgs } from 'node:util';
import { addUser, changePassword, deleteUser } from '../access-file.js';
import { AccessFileEditError, ApiAccessError, LimitExceededError } from '../errors.js';
import { hashPassword } from '../hash-password.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { HASH_ALGORITHMS, type HashAlgorithm } from '../password-fields.js';
import { PermissionFile } from '../permission-file.js';
import { parsePermissionMap, WILDCARD } from '../permission-map.js';
import { AccessPolicy } from '../policy.js';
import { PasswordInputError, readFirstLine, readHiddenLine } from './read-password.js';

const USAGE = `Usage:
  api-access add FILE USER [--apis a,b] [--alg NAME | --legacy] [--password-stdin] [--create]
  api-access change FILE USER [--apis a,b] [--alg NAME | --legacy] [--password-stdin]
  api-access delete FILE USER
  api-access verify FILE USER [--password-stdin]
  api-access saltpass [--user NAME] [--apis a,b] [--alg NAME | --legacy]

add, change and delete edit FILE (an api-access.json) in place: the other entries and their order
are kept, and the file is replaced atomically with its permissions kept. verify exits 0 when the
password is USER's own (never through "*"), 1 when not. saltpass prints an entry to paste.
Passwords are read from the terminal without echo (twice for a new one), or with
--password-stdin from the first line of stdin.
  --apis a,b        allowed_apis (add: default none; change: default unchanged)
  --alg NAME        scrypt (default for add), argon2id, or sha256-salt; change keeps the entry's
  --legacy          Graphene's own sha256-salt form, readable by Graphene nodes
  --create          add: start FILE when it does not exist (mode 0600)
Exit codes: 0 done, 1 refused or failed, 2 usage.`;

class UsageError extends Error {}

type Values = Record<string, string | boolean | undefined>;

const HASH_OPTIONS = {
  apis: { type: 'string' },
  alg: { type: 'string' },
  legacy: { type: 'boolean' },
  'password-stdin': { type: 'boolean' },
} as const;

/** Each command, its options and what it does with `[file, user]` (or no positionals). */
const COMMANDS = {
  add: {
    options: { ...HASH_OPTIONS, create: { type: 'boolean' } },
    run: ([file, user]: string[], values: Values) => add(file as string, user as string, values),
  },
  change: {
    options: HASH_OPTIONS,
    run: ([file, user]: string[], values: Values) => change(file as string, user as string, values),
  },
  delete: {
    options: {},
    run: ([file, user]: string[]) => remove(file as string, user as string),
  },
  verify: {
    options: { 'password-stdin': { type: 'boolean' } },
    run: ([file, user]: string[], values: Values) => verify(file as string, user as string, values),
  },
  saltpass: {
    options: { ...HASH_OPTIONS, user: { type: 'string' } },
    run: (_: string[], values: Values) => saltpass(values),
  },
} as const;

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (!Object.hasOwn(COMMANDS, name)) throw new UsageError(`unknown command "${name}"`);
  const command = COMMANDS[name as keyof typeof COMMANDS];
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: command.options,
  });
  const wanted = name === 'saltpass' ? 0 : 2;
  if (positionals.length !== wanted)
    throw new UsageError(`${name} takes ${wanted === 0 ? 'no arguments' : 'FILE and USER'}`);
  const user = positionals[1];
  if (user === '') throw new UsageError('USER must not be empty');
  return command.run(positionals, values as Values);
}

async function add(path: string, user: string, values: Values): Promise<number> {
  // Refused before the password is asked for; addUser checks again on the file it edits.
  (await PermissionFile.read(path, values.create === true)).refuseListed(user);
  const password = await newPassword(values);
  await addUser(path, user, password, {
    apis: apisOf(values),
    alg: algorithmOf(values),
    create: values.create === true,
  });
  console.error(`api-access: added ${JSON.stringify(user)} to ${path}`);
  return 0;
}

async function change(path: string, user: string, values: Values): Promise<number> {
  (await PermissionFile.read(path)).find(user);
  const alg = algorithmOf(values);
  const password = await newPassword(values);
  await changePassword(path, user, password, { apis: apisOf(values), alg });
  console.error(`api-access: changed the password of ${JSON.stringify(user)} in ${path}`);
  return 0;
}

async function remove(path: string, user: string): Promise<number> {
  await deleteUser(path, user);
  console.error(`api-access: deleted ${JSON.stringify(user)} from ${path}`);
  return 0;
}

async function verify(path: string, user: string, values: Values): Promise<number> {
  const file = await PermissionFile.read(path);
  if (user === WILDCARD)
    throw new AccessFileEditError(user, '"*" is not a user: verify checks listed users only');
  file.find(user);
  const password = await readPassword(values, false);
  const policy = await AccessPolicy.open(
    parsePermissionMap({ permission_map: file.pairs }, { file: path }),
    { throttle: false },
  );
  const right = await policy.verifyUser(user, password);
  console.error(`api-access: ${right ? 'right' : 'wrong'} password for ${JSON.stringify(user)}`);
  return right ? 0 : 1;
}

async function saltpass(values: Values): Promise<number> {
  const password = await newPassword(values, true);
  const entry = {
    ...(await hashPassword(password, { alg: algorithmOf(values) ?? 'scrypt' })),
    allowed_apis: apisOf(values) ?? [],
  };
  const user = values.user;
  console.log(JSON.stringify(typeof user === 'string' ? [user, entry] : entry, null, 2));
  return 0;
}

function algorithmOf(values: Values): HashAlgorithm | undefined {
  if (values.legacy && values.alg !== undefined && values.alg !== 'sha256-salt')
    throw new UsageError('--legacy and --alg disagree');
  if (values.legacy) return 'sha256-salt';
  if (values.alg === undefined) return undefined;
  if (!HASH_ALGORITHMS.includes(values.alg as HashAlgorithm))
    throw new UsageError(`--alg must be one of ${HASH_ALGORITHMS.join(', ')}`);
  return values.alg as HashAlgorithm;
}

function apisOf(values: Values): string[] | undefined {
  if (typeof values.apis !== 'string') return undefined;
  return values.apis
    .split(',')
    .map((api) => api.trim())
    .filter((api) => api !== '');
}

/** A new password: asked twice on a terminal; from stdin with --password-stdin (or `piped`). */
async function newPassword(values: Values, piped = false): Promise<string> {
  const password = await readPassword(values, true, piped);
  if (password === '') throw new PasswordInputError('refusing an empty password');
  const max = DEFAULT_LIMITS.maxCredentialLength;
  if (password.length > max)
    throw new LimitExceededError('maxCredentialLength', max, 'the password is longer');
  return password;
}

async function readPassword(values: Values, confirm: boolean, piped = false): Promise<string> {
  const terminal = process.stdin instanceof ReadStream && process.stdin.isTTY;
  if (values['password-stdin'] === true || (piped && !terminal))
    return readFirstLine(process.stdin);
  if (!terminal)
    throw new UsageError(
      'stdin is not a terminal: pass --password-stdin to read the password from it',
    );
  const stdin = process.stdin as ReadStream;
  const first = await readHiddenLine(stdin, process.stderr, 'Password: ');
  if (!confirm) return first;
  const again = await readHiddenLine(stdin, process.stderr, 'Confirm password: ');
  if (first !== again) throw new PasswordInputError('the passwords do not match');
  return first;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage =
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const known = usage || error instanceof PasswordInputError || error instanceof ApiAccessError;
    console.error(`api-access: ${known ? (error as Error).message : String(error)}`);
    if (usage) console.error(USAGE);
    process.exitCode = usage ? 2 : 1;
  },
);

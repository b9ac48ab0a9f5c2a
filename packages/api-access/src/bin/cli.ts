#!/usr/bin/env node
// api-access saltpass: makes a permission_map entry for a password read without echo.
import { ReadStream } from 'node:tty';
import { parseArgs } from 'node:util';
import { ApiAccessError, LimitExceededError } from '../errors.js';
import { hashPassword } from '../hash-password.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { HASH_ALGORITHMS, type HashAlgorithm } from '../password-fields.js';
import { PasswordInputError, readFirstLine, readHiddenLine } from './read-password.js';

const USAGE = `Usage: api-access saltpass [--user NAME] [--apis a,b] [--alg scrypt|argon2id|sha256-salt] [--legacy]

Reads a password (from the terminal without echo, asked twice; or the first line of piped stdin)
and prints a permission_map entry for api-access.json:
  with --user:    ["NAME", {"password_hash_b64": ..., "allowed_apis": [...]}]
  without --user: the entry object alone
  --apis a,b      allowed_apis (default: none)
  --alg NAME      hash algorithm (default: scrypt)
  --legacy        Graphene's own sha256-salt form, readable by Graphene nodes (same as --alg sha256-salt)`;

class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      user: { type: 'string' },
      apis: { type: 'string' },
      alg: { type: 'string' },
      legacy: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'saltpass')
    throw new UsageError('expected the command "saltpass"');
  if (values.legacy && values.alg !== undefined && values.alg !== 'sha256-salt')
    throw new UsageError('--legacy and --alg disagree');
  const alg = (values.legacy ? 'sha256-salt' : (values.alg ?? 'scrypt')) as HashAlgorithm;
  if (!HASH_ALGORITHMS.includes(alg))
    throw new UsageError(`--alg must be one of ${HASH_ALGORITHMS.join(', ')}`);
  const apis = (values.apis ?? '')
    .split(',')
    .map((api) => api.trim())
    .filter((api) => api !== '');

  const password = await askPassword();
  if (password === '') throw new PasswordInputError('refusing an empty password');
  const max = DEFAULT_LIMITS.maxCredentialLength;
  if (password.length > max)
    throw new LimitExceededError('maxCredentialLength', max, 'the password is longer');
  const entry = { ...(await hashPassword(password, { alg })), allowed_apis: apis };
  const output = values.user === undefined ? entry : [values.user, entry];
  console.log(JSON.stringify(output, null, 2));
  return 0;
}

async function askPassword(): Promise<string> {
  if (!(process.stdin instanceof ReadStream && process.stdin.isTTY))
    return readFirstLine(process.stdin);
  const first = await readHiddenLine(process.stdin, process.stderr, 'Password: ');
  const again = await readHiddenLine(process.stdin, process.stderr, 'Confirm password: ');
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

// The `api-key` and `vault` commands of `convene-node`: their flags, help and exit codes.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CryptoSessionError } from '@convene/crypto-session';
import { createApiKey, listApiKeys, readKeyFile, revokeApiKey } from './api-keys/commands.js';
import { parseEndpoint } from './config.js';
import { ConfigError, NodeError } from './errors.js';
import { vaultGet, vaultPut } from './vault/vault-client.js';

/** Help of `convene-node api-key`. */
export const API_KEY_HELP = `Usage: convene-node api-key create --user NAME --out key.json [--read-only]
                                 [--restrict-to-secrets] [--session-duration S] [--vault-key FILE]
       convene-node api-key list [--json]
       convene-node api-key revoke ID

API keys let scripts use the node without a password: Psono's API-key login under /server, then
encrypted requests, including JSON-RPC at /server/rpc with the APIs api-access.json grants NAME.
The key file holds the variables of Psono's example script (server_url, api_key_id,
api_key_private_key, api_key_secret_key, server_public_key, server_signature), mode 0600; the node
keeps only the key's verify key and the user's keys sealed under the key's secret key.
These commands work while the node runs and when it is stopped.

Options:
  --user NAME               a user of api-access.json
  --out FILE                where to write the key file (never overwritten)
  --read-only               no organizer_api, no vault writes
  --restrict-to-secrets     only GET /server/secret/{id}/ (no user keys, no datastore, no RPC)
  --session-duration S      seconds a session of this key asks for (the node allows at most 600)
  --vault-key FILE          a key file of the same user: the new key opens the same vault (needed
                            for every key of a user after the first)
  --data-dir DIR, --database-url URL, --api-access FILE   the node's storage, as for start
  --rpc-endpoint HOST:PORT  the node's endpoint; server_url is http://HOST:PORT/server
  --public-url URL          the node's URL behind a proxy; server_url is URL/server`;

/** Help of `convene-node vault`. */
export const VAULT_HELP = `Usage: convene-node vault put NAME --value-file FILE --key key.json
       convene-node vault get NAME --key key.json

The vault keeps secrets (payment or social-media credentials) the node cannot read: these commands
log in with the API key, encrypt and decrypt on this machine, and store ciphertext in the key
user's default datastore on the node. get writes the value to standard output as it was put.`;

function flags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      user: { type: 'string' },
      out: { type: 'string' },
      'read-only': { type: 'boolean' },
      'restrict-to-secrets': { type: 'boolean' },
      'session-duration': { type: 'string' },
      'vault-key': { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'api-access': { type: 'string' },
      'rpc-endpoint': { type: 'string' },
      'public-url': { type: 'string' },
      json: { type: 'boolean' },
      key: { type: 'string' },
      'value-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

type Values = ReturnType<typeof flags>['values'];

function storage(values: Values, env: NodeJS.ProcessEnv, cwd: string) {
  const dataDir = resolve(cwd, values['data-dir'] ?? 'data');
  const databaseUrl = values['database-url'] ?? (env.CONVENE_DATABASE_URL || undefined);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError('--database-url: expected a postgres:// or postgresql:// URL');
  return {
    dataDir,
    databaseUrl,
    apiAccess: values['api-access']
      ? resolve(cwd, values['api-access'])
      : join(dataDir, 'api-access.json'),
  };
}

/** `server_url` for a key file: from --public-url, else from --rpc-endpoint. */
export function serverUrlOf(publicUrl: string | undefined, endpoint: string | undefined): string {
  if (publicUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(publicUrl);
    } catch {
      throw new ConfigError(`--public-url: "${publicUrl}" is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new ConfigError('--public-url: expected an http:// or https:// URL');
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}/server`;
  }
  const { host, port } = parseEndpoint(endpoint ?? '127.0.0.1:8090', '--rpc-endpoint');
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}/server`;
}

function need(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new ConfigError(`${flag} is required`);
  return value;
}

async function apiKey(positionals: string[], values: Values, env: NodeJS.ProcessEnv, cwd: string) {
  const [, action, ...rest] = positionals;
  const where = storage(values, env, cwd);
  if (action === 'create' && rest.length === 0) {
    const duration = values['session-duration'];
    if (duration !== undefined && !/^[1-9]\d{0,6}$/.test(duration))
      throw new ConfigError('--session-duration: expected a positive whole number of seconds');
    return createApiKey({
      ...where,
      user: need(values.user, '--user'),
      out: resolve(cwd, need(values.out, '--out')),
      readOnly: values['read-only'] === true,
      restrictToSecrets: values['restrict-to-secrets'] === true,
      ...(duration === undefined ? {} : { sessionDuration: Number(duration) }),
      ...(values['vault-key'] ? { vaultKey: resolve(cwd, values['vault-key']) } : {}),
      serverUrl: serverUrlOf(values['public-url'], values['rpc-endpoint']),
    });
  }
  if (action === 'list' && rest.length === 0) return listApiKeys(where, values.json === true);
  if (action === 'revoke' && rest.length === 1) return revokeApiKey(where, rest[0] as string);
  throw new ConfigError(
    'expected api-key create, list or revoke ID; see convene-node api-key --help',
  );
}

async function vault(positionals: string[], values: Values, cwd: string) {
  const [, action, name, ...rest] = positionals;
  if ((action !== 'put' && action !== 'get') || name === undefined || rest.length > 0)
    throw new ConfigError(
      'expected vault put NAME or vault get NAME; see convene-node vault --help',
    );
  const key = readKeyFile(resolve(cwd, need(values.key, '--key')));
  if (action === 'get') return vaultGet(key, name);
  const file = resolve(cwd, need(values['value-file'], '--value-file'));
  let value: string;
  try {
    value = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`--value-file ${file}: ${(error as Error).message}`);
  }
  const done = await vaultPut(key, name, value);
  return `${name} ${done} in the vault of ${key.server_url}`;
}

/** The message of a failure as one line for the terminal (never a key or a token). */
function describe(error: unknown): string {
  if (error instanceof CryptoSessionError) return `${error.code}: ${error.message}`;
  if (error instanceof NodeError) return error.message;
  if (error instanceof TypeError && /fetch failed/.test(error.message))
    return `cannot reach the node (${(error.cause as Error | undefined)?.message ?? 'connection failed'})`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `api-key …` or `vault …`; `undefined` when `argv` is another command. Prints the result
 * (for `vault get`, the value exactly) and resolves to the exit code: 0, 1 (failed), 2 (usage).
 */
export async function runAdminCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Promise<number | undefined> {
  const command = argv[0];
  if (command !== 'api-key' && command !== 'vault') return undefined;
  let parsed: ReturnType<typeof flags>;
  try {
    parsed = flags(argv);
  } catch (error) {
    process.stderr.write(
      `convene-node: ${(error as Error).message}; see convene-node ${command} --help\n`,
    );
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`${command === 'vault' ? VAULT_HELP : API_KEY_HELP}\n`);
    return 0;
  }
  try {
    const output =
      command === 'vault'
        ? await vault(parsed.positionals, parsed.values, cwd)
        : await apiKey(parsed.positionals, parsed.values, env, cwd);
    const isValue = command === 'vault' && parsed.positionals[1] === 'get';
    process.stdout.write(isValue ? output : `${output}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`convene-node: ${describe(error)}\n`);
    return error instanceof ConfigError && /required|expected/.test(error.message) ? 2 : 1;
  }
}

// Psono's "API key with session" example as a command: log in with an API key, verify the server,
// decrypt the user's keys, print the datastore list (and with --read-contents each password
// datastore's content and one secret) as JSON, and exit non-zero with a clear message on failure.
//
//   pnpm --filter @convene/crypto-session example -- CONFIG.json [--read-contents] [--logout] [--session-cache FILE]
//
// CONFIG.json holds the variables of Psono's script: server_url, api_key_id, api_key_private_key,
// api_key_secret_key, server_public_key, server_signature. Exit codes: 2 usage or config,
// 3 HTTP, 4 signature, 5 decryption, 6 protocol.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  ApiKeyClient,
  type ClientSession,
  CryptoSessionError,
  type CryptoSessionErrorCode,
  fromHex,
  secretboxOpen,
} from '../src/index.ts';
import { deriveCacheKey, FileSessionCache } from '../src/node.ts';

/** Exit status for each way the command can fail. */
export const EXIT = { usage: 2, http: 3, signature: 4, decryption: 5, protocol: 6 } as const;

const EXIT_OF_CODE: Record<CryptoSessionErrorCode, number> = {
  ERR_HTTP: EXIT.http,
  ERR_UNAUTHENTICATED: EXIT.http,
  ERR_EXPIRED: EXIT.http,
  ERR_REVOKED: EXIT.http,
  ERR_FORBIDDEN: EXIT.http,
  ERR_NOT_FOUND: EXIT.http,
  ERR_LIMIT_EXCEEDED: EXIT.http,
  ERR_INTERNAL: EXIT.http,
  ERR_SIGNATURE_INVALID: EXIT.signature,
  ERR_LOGIN_REFUSED: EXIT.signature,
  ERR_TAMPERED: EXIT.decryption,
  ERR_MALFORMED: EXIT.protocol,
  ERR_REPLAYED: EXIT.protocol,
  ERR_UNENCRYPTED: EXIT.protocol,
  ERR_VALIDATOR: EXIT.protocol,
};

class UsageError extends Error {}

interface Config {
  server_url: string;
  api_key_id: string;
  api_key_private_key: string;
  api_key_secret_key: string;
  server_public_key?: string;
  server_signature: string;
}

function readConfig(path: string): Config {
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  for (const field of [
    'server_url',
    'api_key_id',
    'api_key_private_key',
    'api_key_secret_key',
    'server_signature',
  ]) {
    if (typeof config[field] !== 'string')
      throw new UsageError(`${path}: "${field}" must be a string`);
  }
  return config as unknown as Config;
}

function parseArgs(argv: string[]): {
  config: string;
  readContents: boolean;
  logout: boolean;
  cache?: string;
} {
  const args = argv.filter((arg) => arg !== '--');
  const positional: string[] = [];
  let readContents = false;
  let logout = false;
  let cache: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--read-contents') readContents = true;
    else if (arg === '--logout') logout = true;
    else if (arg === '--session-cache') cache = args[++i];
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1 || (cache === undefined && args.includes('--session-cache')))
    throw new UsageError(
      'usage: api-key-with-session CONFIG.json [--read-contents] [--logout] [--session-cache FILE]',
    );
  return {
    config: positional[0] as string,
    readContents,
    logout,
    ...(cache === undefined ? {} : { cache }),
  };
}

/** Opens a Psono `{data, data_nonce}` or `{secret_key, secret_key_nonce}` pair with a hex key, as text. */
function decryptText(text: string, nonce: string, keyHex: string, what: string): string {
  const plain = secretboxOpen(
    fromHex(text, what),
    fromHex(nonce, `${what} nonce`, 24),
    fromHex(keyHex, 'key', 32),
    what,
  );
  return new TextDecoder().decode(plain);
}

interface Datastore {
  id: string;
  type: string;
  description: string;
}

async function readContents(
  session: ClientSession,
  datastores: Datastore[],
  userSecretKey: string,
) {
  const contents: Record<string, unknown> = {};
  let secret: unknown;
  for (const datastore of datastores) {
    if (datastore.type !== 'password') continue;
    const read = (await session.request('GET', `/datastore/${datastore.id}/`)) as Record<
      string,
      string
    >;
    const key = decryptText(
      read.secret_key as string,
      read.secret_key_nonce as string,
      userSecretKey,
      'datastore key',
    );
    const content = JSON.parse(
      decryptText(read.data as string, read.data_nonce as string, key, 'datastore'),
    );
    contents[datastore.id] = content;
    const item = (content.items as { secret_id?: string; secret_key?: string }[] | undefined)?.find(
      (i) => i.secret_id,
    );
    if (secret === undefined && item?.secret_id && item.secret_key) {
      const stored = (await session.request('GET', `/secret/${item.secret_id}/`)) as Record<
        string,
        string
      >;
      secret = {
        id: item.secret_id,
        content: JSON.parse(
          decryptText(
            stored.data as string,
            stored.data_nonce as string,
            item.secret_key,
            'secret',
          ),
        ),
      };
    }
  }
  return { contents, secret };
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const config = readConfig(args.config);
  const client = new ApiKeyClient({
    serverUrl: config.server_url,
    apiKeyId: config.api_key_id,
    apiKeyPrivateKey: config.api_key_private_key,
    apiKeySecretKey: config.api_key_secret_key,
    serverVerifyKey: config.server_signature,
    deviceDescription: `Console Client ${hostname()}`,
    ...(args.cache === undefined
      ? {}
      : {
          cache: new FileSessionCache({
            path: args.cache,
            key: deriveCacheKey(config.api_key_private_key),
          }),
        }),
  });
  const output = await client.withSession(async (session) => {
    if (session.state.restrictToSecrets)
      process.stderr.write(
        'api key is restricted. it should only be used to read specific secrets\n',
      );
    const listing = (await session.request('GET', '/datastore/')) as { datastores: Datastore[] };
    const result: Record<string, unknown> = {
      username: session.state.username,
      datastores: listing.datastores,
    };
    if (args.readContents) {
      const userSecretKey = session.state.userKeys?.secretKey;
      if (userSecretKey === undefined)
        throw new UsageError('--read-contents needs an unrestricted API key');
      Object.assign(result, await readContents(session, listing.datastores, userSecretKey));
    }
    if (args.logout) await client.logout(session);
    return result;
  });
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = EXIT.usage;
  } else if (error instanceof CryptoSessionError) {
    process.stderr.write(`${error.code}: ${error.message}\n`);
    process.exitCode = EXIT_OF_CODE[error.code];
  } else if (error instanceof TypeError && /fetch failed/.test(error.message)) {
    process.stderr.write(
      `ERR_HTTP: cannot reach the server (${(error.cause as Error | undefined)?.message ?? error.message})\n`,
    );
    process.exitCode = EXIT.http;
  } else if (error instanceof RangeError || error instanceof TypeError) {
    process.stderr.write(`invalid configuration: ${error.message}\n`);
    process.exitCode = EXIT.usage;
  } else {
    throw error;
  }
}

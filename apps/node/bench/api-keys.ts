// Bench cases of the /server surface: API-key logins per second, and get_event over encrypted
// JSON-RPC (/server/rpc) beside plain HTTP JSON-RPC on the same node in the same run.
import { join } from 'node:path';
import { ApiKeyClient, type ClientSession } from '@convene/crypto-session';
import type { BenchCase, Subject } from '../../../bench/report.ts';
import { createApiKey, readKeyFile } from '../dist/api-keys/commands.js';
import { createTempDir } from '../test/support/databases.ts';

/** A node the cases run against, and where its storage is. */
export interface KeyedNode {
  label: string;
  url: string;
  eventId: string;
  dataDir: string;
  databaseUrl: string | undefined;
}

async function clientFor(node: KeyedNode, cleanups: (() => unknown)[]): Promise<ApiKeyClient> {
  const temp = createTempDir('convene-bench-key-');
  cleanups.push(() => temp.remove());
  const out = join(temp.dir, 'key.json');
  await createApiKey({
    dataDir: node.dataDir,
    databaseUrl: node.databaseUrl,
    apiAccess: join(node.dataDir, 'api-access.json'),
    user: 'organizer',
    readOnly: true,
    restrictToSecrets: false,
    out,
    serverUrl: `${node.url}/server`,
  });
  const key = readKeyFile(out);
  return new ApiKeyClient({
    serverUrl: key.server_url,
    apiKeyId: key.api_key_id,
    apiKeyPrivateKey: key.api_key_private_key,
    apiKeySecretKey: key.api_key_secret_key,
    serverVerifyKey: key.server_signature,
  });
}

/** `batch` encrypted get_event calls at once over one session. */
function encryptedCaller(session: ClientSession, eventId: string, batch: number) {
  const request = { jsonrpc: '2.0', method: 'get_event', params: [eventId], id: 1 };
  const one = async () => {
    const answer = (await session.request('POST', '/rpc', request)) as { error?: unknown };
    if (answer.error !== undefined) throw new Error(JSON.stringify(answer.error));
  };
  return async () => {
    await Promise.all(Array.from({ length: batch }, one));
  };
}

/**
 * The login case, and get_event over /server/rpc beside `plain(url, eventId)` (plain HTTP
 * JSON-RPC), `batch` calls at a time, for each node.
 */
export async function apiKeyCases(
  nodes: KeyedNode[],
  plain: (url: string, eventId: string) => () => Promise<void>,
  batch: number,
  cleanups: (() => unknown)[],
): Promise<BenchCase[]> {
  const logins: Subject[] = [];
  const calls: Subject[] = [];
  for (const node of nodes) {
    const client = await clientFor(node, cleanups);
    logins.push({
      name: `${node.label} API-key login`,
      run: async () => {
        await client.login();
      },
    });
    const session = await client.login();
    calls.push({ name: `${node.label} plain /rpc`, run: plain(node.url, node.eventId) });
    calls.push({
      name: `${node.label} encrypted /server/rpc`,
      run: encryptedCaller(session, node.eventId, batch),
    });
  }
  return [
    { name: 'API-key logins (signature, box, session stored)', subjects: logins, iterations: 20 },
    {
      name: `get_event over HTTP, ${batch} at a time: plain JSON-RPC beside sealed in an API-key session`,
      subjects: calls,
      batch,
    },
  ];
}

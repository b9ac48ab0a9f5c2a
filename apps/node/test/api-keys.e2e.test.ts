// The /server surface end to end on both storages: `api-key create` against a running node, the
// seed's flow from crypto-session's example command and from PyNaCl, encrypted JSON-RPC under the
// key user's grant, the vault, and a dump of the stored tables that gives nothing away.
import { execFile } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClientSession, fromHex, verify } from '@convene/crypto-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyFile } from '../src/api-keys/key-material.js';
import { openDatabase } from '../src/storage/open.js';
import { freshStorage, type NodeStorage, STORAGE_KINDS } from './support/backends.js';
import { clientOf, createApiKey, mustRun, readKey, runCli } from './support/cli.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';

const cryptoSession = fileURLToPath(new URL('../../../packages/crypto-session', import.meta.url));
const seedFlow = fileURLToPath(new URL('peers/seed_flow.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

function run(command: string, args: string[], cwd?: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(command, args, { cwd, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const getEvent = (id: string) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'call',
  params: ['database', 'get_event', [id]],
});
const renameEvent = (id: string, name: string) => ({
  jsonrpc: '2.0',
  id: 2,
  method: 'call',
  params: ['organizer', 'update_event', [id, { name }]],
});

describe.each(STORAGE_KINDS)('the /server surface on %s', (kind) => {
  let storage: NodeStorage;
  let node: NodeProcess;
  let dir: string;
  let writer: KeyFile;
  let reader: KeyFile;
  const flags = () => [
    '--data-dir',
    storage.dataDir,
    ...(storage.databaseUrl ? ['--database-url', storage.databaseUrl] : []),
  ];

  beforeAll(async () => {
    storage = await freshStorage(kind);
    dir = storage.dataDir;
    node = await startNodeProcess({
      dataDir: join(storage.dataDir, 'data'),
      ...(storage.databaseUrl ? { databaseUrl: storage.databaseUrl } : {}),
    });
    storage.dataDir = join(storage.dataDir, 'data');
    const endpoint = ['--rpc-endpoint', `127.0.0.1:${node.port}`];
    writer = await createApiKey(join(dir, 'rw.json'), [...endpoint, ...flags()]);
    reader = await createApiKey(join(dir, 'ro.json'), [
      '--read-only',
      '--vault-key',
      join(dir, 'rw.json'),
      ...endpoint,
      ...flags(),
    ]);
    writeFileSync(join(dir, 'token.txt'), 'sk_live_not_for_the_node');
    await mustRun([
      'vault',
      'put',
      'stripe',
      '--value-file',
      join(dir, 'token.txt'),
      '--key',
      join(dir, 'rw.json'),
    ]);
  });

  afterAll(async () => {
    await node?.stop();
    await storage?.cleanup();
  });

  it('writes key files owner-only with the variables of the seed, pointing at the node', () => {
    expect(statSync(join(dir, 'rw.json')).mode & 0o777).toBe(0o600);
    expect(writer.server_url).toBe(`${node.url}/server`);
    expect(Object.keys(writer).sort()).toEqual([
      'api_key_id',
      'api_key_private_key',
      'api_key_secret_key',
      'server_public_key',
      'server_signature',
      'server_url',
    ]);
    expect(reader.server_signature).toBe(writer.server_signature);
    expect(statSync(join(storage.dataDir, 'node-keys.json')).mode & 0o777).toBe(0o600);
  });

  it('signs GET /server/info/ with the key the key file pins', async () => {
    const answer = (await (await fetch(`${node.url}/server/info/`)).json()) as {
      info: string;
      signature: string;
      verify_key: string;
    };
    expect(answer.verify_key).toBe(writer.server_signature);
    expect(JSON.parse(answer.info)).toMatchObject({
      public_key: writer.server_public_key,
      verify_key: writer.server_signature,
    });
    expect(
      await verify(
        fromHex(answer.signature, 'signature', 64),
        new TextEncoder().encode(answer.info),
        fromHex(answer.verify_key, 'key', 32),
      ),
    ).toBe(true);
  });

  it("runs the seed's flow with crypto-session's example command", async () => {
    const result = await run(
      'pnpm',
      ['-s', 'example', '--', join(dir, 'ro.json'), '--read-contents', '--logout'],
      cryptoSession,
    );
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout) as { username: string; secret: { content: unknown } };
    expect(output.username).toBe('organizer');
    expect(output.secret.content).toEqual({
      note_title: 'stripe',
      note_notes: 'sk_live_not_for_the_node',
    });
  });

  it("runs the seed's flow in Python with PyNaCl, JSON-RPC included", async () => {
    const result = await run(PYTHON, [
      seedFlow,
      join(dir, 'ro.json'),
      JSON.stringify(getEvent('1')),
    ]);
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout) as Record<string, { [key: string]: unknown } | null>;
    expect(output.username).toBe('organizer');
    expect(output.secret).toEqual({
      name: 'stripe',
      content: { note_title: 'stripe', note_notes: 'sk_live_not_for_the_node' },
    });
    expect(output.rpc).toMatchObject({ id: 1, result: { id: '1' } });
    expect(output.logout).toEqual({ success: 'Successfully logged out.' });
  });

  it('refuses organizer writes over /server/rpc to a read-only key and takes them from a read-write key', async () => {
    const readOnly = await clientOf(reader).login();
    const readWrite = await clientOf(writer).login();
    const refused = (await readOnly.request(
      'POST',
      '/rpc',
      renameEvent('1', 'Renamed by a script'),
    )) as {
      error?: { code: number };
    };
    expect(refused.error?.code).toBe(-32001);
    const accepted = (await readWrite.request(
      'POST',
      '/rpc',
      renameEvent('1', 'Renamed by a script'),
    )) as {
      error?: unknown;
    };
    expect(accepted.error).toBeUndefined();
    const plain = (await (
      await fetch(`${node.url}/rpc`, { method: 'POST', body: JSON.stringify(getEvent('1')) })
    ).json()) as { result: { name: string } };
    expect(plain.result.name).toBe('Renamed by a script');
  });

  it('lets a read-only key read the vault but not write it', async () => {
    const put = await runCli([
      'vault',
      'put',
      'x',
      '--value-file',
      join(dir, 'token.txt'),
      '--key',
      join(dir, 'ro.json'),
    ]);
    expect(put.code).toBe(1);
    expect(put.stderr).toContain('ERR_FORBIDDEN');
    expect(await mustRun(['vault', 'get', 'stripe', '--key', join(dir, 'ro.json')])).toBe(
      'sk_live_not_for_the_node',
    );
  });

  it('keeps a key restricted to secrets away from datastores and JSON-RPC', async () => {
    await mustRun([
      'api-key',
      'create',
      '--user',
      'organizer',
      '--restrict-to-secrets',
      '--out',
      join(dir, 'restricted.json'),
      '--rpc-endpoint',
      `127.0.0.1:${node.port}`,
      ...flags(),
    ]);
    const session = await clientOf(readKey(join(dir, 'restricted.json'))).login();
    expect(session.state.userKeys).toBeUndefined();
    await expect(session.request('GET', '/datastore/')).rejects.toMatchObject({
      code: 'ERR_FORBIDDEN',
    });
    await expect(session.request('POST', '/rpc', getEvent('1'))).rejects.toMatchObject({
      code: 'ERR_FORBIDDEN',
    });
  });

  it('lists keys and revokes one: its live session ends at its next request', async () => {
    const session = await clientOf(writer).login();
    await session.request('GET', '/datastore/');
    const listed = JSON.parse(await mustRun(['api-key', 'list', '--json', ...flags()])) as {
      id: string;
      active: boolean;
    }[];
    expect(listed.map((k) => k.id)).toContain(writer.api_key_id);
    await mustRun(['api-key', 'revoke', writer.api_key_id, ...flags()]);
    await expect(session.request('GET', '/datastore/')).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_(REVOKED|UNAUTHENTICATED)$/),
    });
    await expect(clientOf(writer).login()).rejects.toMatchObject({ code: 'ERR_LOGIN_REFUSED' });
    const after = JSON.parse(await mustRun(['api-key', 'list', '--json', ...flags()])) as {
      id: string;
      active: boolean;
    }[];
    expect(after.find((k) => k.id === writer.api_key_id)?.active).toBe(false);
    expect((await runCli(['api-key', 'revoke', writer.api_key_id, ...flags()])).code).toBe(1);
  });

  it('stores no token, no session secret, no API key secret and no vault plaintext', async () => {
    const live: ClientSession = await clientOf(reader).login();
    await live.request('GET', '/datastore/');
    const secrets = [
      live.state.token,
      live.state.sessionSecretKey,
      live.state.userKeys?.secretKey as string,
      live.state.userKeys?.privateKey as string,
      reader.api_key_private_key,
      reader.api_key_secret_key,
      writer.api_key_private_key,
      writer.api_key_secret_key,
    ];
    const plaintexts = [
      'sk_live_not_for_the_node',
      Buffer.from('sk_live_not_for_the_node').toString('hex'),
    ];
    // The embedded store can be read only once the node has let go of it.
    if (kind === 'pglite') await node.stop();
    const db = await openDatabase({ dataDir: storage.dataDir, databaseUrl: storage.databaseUrl });
    let dump = '';
    try {
      for (const table of [
        'crypto_session_sessions',
        'crypto_session_memory',
        'api_keys',
        'api_users',
        'vault_datastores',
        'vault_secrets',
      ]) {
        const rows = await db.query(`SELECT * FROM ${table}`);
        if (table === 'crypto_session_sessions') expect(rows.length).toBeGreaterThan(0);
        dump += JSON.stringify(rows);
      }
    } finally {
      await db.close();
    }
    for (const secret of [...secrets, ...plaintexts]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(dump.toLowerCase()).not.toContain(secret.toLowerCase());
    }
  });

  it('makes, lists and revokes keys on the stopped node', async () => {
    await node.stop();
    const out = join(dir, 'offline.json');
    await mustRun([
      'api-key',
      'create',
      '--user',
      'organizer',
      '--vault-key',
      join(dir, 'ro.json'),
      '--out',
      out,
      '--public-url',
      'https://schedule.example/',
      ...flags(),
    ]);
    const offline = readKey(out);
    expect(offline.server_url).toBe('https://schedule.example/server');
    const listed = JSON.parse(await mustRun(['api-key', 'list', '--json', ...flags()])) as {
      id: string;
    }[];
    expect(listed.map((k) => k.id)).toContain(offline.api_key_id);
    expect(await mustRun(['api-key', 'revoke', offline.api_key_id, ...flags()])).toContain(
      'revoked',
    );
  });
});

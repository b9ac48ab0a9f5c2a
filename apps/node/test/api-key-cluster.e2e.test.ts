// Two nodes on one PostgreSQL share their keys and every API-key session: a session made on one
// is served by the other, and a key revoked through one ends that session on the other at once.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '@convene/api-access';
import { ClientSession } from '@convene/crypto-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyFile } from '../src/api-keys/key-material.js';
import { freshStorage, type NodeStorage } from './support/backends.js';
import { clientOf, createApiKey, mustRun } from './support/cli.js';
import { createTempDir } from './support/databases.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';

/** Logins per address and hour on both nodes: the test below makes two before the limit. */
const LIMIT = ['--api-key-logins-per-hour', '4'];
const ORGANIZER_PASSWORD = 'organizer password of the cluster test';

describe('API-key sessions on two nodes sharing PostgreSQL', () => {
  let storage: NodeStorage;
  let a: NodeProcess;
  let b: NodeProcess;
  let key: KeyFile;
  const dirA = () => join(storage.dataDir, 'a');
  const dirB = () => join(storage.dataDir, 'b');
  const accessFile = () => join(storage.dataDir, 'api-access.json');

  beforeAll(async () => {
    storage = await freshStorage('postgresql');
    // The organizer, and five users over whom failed passwords spread stay under each node's own
    // per-user throttle.
    const users: [string, string, string[]][] = [
      ['organizer', ORGANIZER_PASSWORD, ['database_api', 'organizer_api']],
      ...Array.from({ length: 5 }, (_, i): [string, string, string[]] => [
        `u${i}`,
        `password of u${i}`,
        ['database_api'],
      ]),
    ];
    const map = [];
    for (const [user, password, apis] of users)
      map.push([
        user,
        { ...(await hashPassword(password, { alg: 'scrypt' })), allowed_apis: apis },
      ]);
    writeFileSync(accessFile(), JSON.stringify({ permission_map: map }));
    const common = {
      databaseUrl: storage.databaseUrl as string,
      apiAccess: accessFile(),
      extraArgs: LIMIT,
    };
    a = await startNodeProcess({ dataDir: dirA(), ...common });
    // The second node is given the first one's keys, as an operator copies them.
    mkdirSync(dirB(), { mode: 0o700 });
    copyFileSync(join(dirA(), 'node-keys.json'), join(dirB(), 'node-keys.json'));
    b = await startNodeProcess({ dataDir: dirB(), ...common });
    key = await createApiKey(join(storage.dataDir, 'key.json'), [
      '--rpc-endpoint',
      `127.0.0.1:${a.port}`,
      '--data-dir',
      dirA(),
      '--database-url',
      storage.databaseUrl as string,
      '--api-access',
      accessFile(),
    ]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await storage?.cleanup();
  });

  it('serves on node B a session made on node A, and ends it there when the key is revoked through A', async () => {
    const onA = await clientOf(key).login();
    const onB = new ClientSession({ ...onA.state, serverUrl: `${b.url}/server` });
    expect(await onB.request('GET', '/datastore/')).toMatchObject({
      datastores: [{ is_default: true }],
    });
    const madeOnB = await clientOf(key, `${b.url}/server`).login();
    await madeOnB.request('GET', '/datastore/');
    await mustRun([
      'api-key',
      'revoke',
      key.api_key_id,
      '--data-dir',
      dirA(),
      '--database-url',
      storage.databaseUrl as string,
    ]);
    await expect(onB.request('GET', '/datastore/')).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_(REVOKED|UNAUTHENTICATED)$/),
    });
    await expect(madeOnB.request('GET', '/datastore/')).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_(REVOKED|UNAUTHENTICATED)$/),
    });
  });

  it('counts the logins of one address on both nodes together', async () => {
    // Two logins were made above; two more attempts (refused: the key is revoked) reach the limit.
    await expect(clientOf(key).login()).rejects.toMatchObject({ code: 'ERR_LOGIN_REFUSED' });
    await expect(clientOf(key, `${b.url}/server`).login()).rejects.toMatchObject({
      code: 'ERR_LOGIN_REFUSED',
    });
    for (const node of [a, b]) {
      const answer = await fetch(`${node.url}/server/api-key/login/`, {
        method: 'POST',
        body: '{}',
      });
      expect(answer.status).toBe(429);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await answer.json()).toMatchObject({ code: 'ERR_LOGIN_THROTTLED' });
    }
  });

  it('counts failed passwords of one address on both nodes together', async () => {
    const login = (node: NodeProcess, user: string, password: string) =>
      fetch(`${node.url}/rpc`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'call',
          params: ['organizer', 'get_events', []],
        }),
      });
    // Each node alone sees 10 failures (under api-access's own 20 per address), together 20.
    for (let i = 0; i < 20; i++)
      expect((await login(i % 2 ? a : b, `guess${i}`, 'wrong')).status).toBe(200);
    for (const node of [a, b]) {
      const answer = await login(node, 'organizer', ORGANIZER_PASSWORD);
      expect(answer.status).toBe(429);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('refuses to start a node with other keys on the same database, saying what to copy', async () => {
    const temp = createTempDir('convene-otherkeys-');
    try {
      await expect(
        startNodeProcess({ dataDir: temp.dir, databaseUrl: storage.databaseUrl as string }),
      ).rejects.toThrow(/copy node-keys\.json/);
    } finally {
      temp.remove();
    }
  });
});

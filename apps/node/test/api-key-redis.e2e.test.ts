// With --redis-url the node keeps API-key sessions in Redis: the seed's flow works, and the
// database holds no session.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/storage/open.js';
import { clientOf, createApiKey } from './support/cli.js';
import { createTempDir } from './support/databases.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';

const REDIS = '/usr/bin/redis-server';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Whether something accepts TCP connections on the port. */
const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

describe('API-key sessions in Redis', () => {
  const temp = createTempDir('convene-redis-');
  let redis: ChildProcess;
  let node: NodeProcess;
  let port: number;

  beforeAll(async () => {
    if (!existsSync(REDIS))
      throw new Error(`${REDIS} is missing: install the redis-server package`);
    port = await freePort();
    redis = spawn(
      REDIS,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    for (let tries = 0; !(await accepts(port)); tries++) {
      if (tries > 100) throw new Error(`redis-server did not listen on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    node = await startNodeProcess({
      dataDir: join(temp.dir, 'data'),
      extraArgs: ['--redis-url', `redis://127.0.0.1:${port}`],
    });
  });

  afterAll(async () => {
    await node?.stop();
    if (redis && redis.exitCode === null) {
      redis.kill('SIGTERM');
      await once(redis, 'exit');
    }
    temp.remove();
  });

  it('serves sessions kept in Redis, and none in the database', async () => {
    const key = await createApiKey(join(temp.dir, 'key.json'), [
      '--rpc-endpoint',
      `127.0.0.1:${node.port}`,
      '--data-dir',
      join(temp.dir, 'data'),
    ]);
    const client = clientOf(key);
    const session = await client.login();
    expect(await session.request('GET', '/datastore/')).toMatchObject({
      datastores: [{ is_default: true }],
    });
    await client.logout(session);
    await expect(session.request('GET', '/datastore/')).rejects.toMatchObject({
      code: 'ERR_UNAUTHENTICATED',
    });
    const live = await client.login();
    await live.request('GET', '/datastore/');
    await node.stop();
    const db = await openDatabase({ dataDir: join(temp.dir, 'data') });
    try {
      const [row] = await db.query<{ present: boolean }>(
        "SELECT to_regclass('crypto_session_sessions') IS NOT NULL AS present",
      );
      expect(row?.present).toBe(false);
    } finally {
      await db.close();
    }
  });
});

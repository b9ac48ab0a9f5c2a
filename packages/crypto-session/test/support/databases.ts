// Real stores for the contract tests: a fresh PostgreSQL database per run (dropped after), a PGlite
// in memory, and a redis-server started on a free port.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import pg from 'pg';
import { createClient } from 'redis';
import { createServerDatabase } from '../../../../test/support/postgres.ts';

/** A new, empty database on the test server, a pool on it, and the function that drops both. */
export async function createPostgresDatabase(): Promise<{
  pool: pg.Pool;
  drop: () => Promise<void>;
}> {
  const database = await createServerDatabase('crypto_session_test');
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  return {
    pool,
    drop: async () => {
      await pool.end();
      await database.drop();
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** A redis-server on a free port of 127.0.0.1 with nothing persisted, a client on it, and its stop. */
export async function startRedis(): Promise<{
  client: ReturnType<typeof createClient>;
  stop: () => Promise<void>;
}> {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'redis-server is not installed (Debian package redis-server): the Redis store tests need it',
    );
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  client.on('error', () => {});
  for (let attempt = 0; ; attempt++) {
    try {
      await client.connect();
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    client,
    stop: async () => {
      await client.quit();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

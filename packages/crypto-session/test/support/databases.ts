// Real stores for the contract tests: a fresh PostgreSQL database per run (dropped after), a PGlite
// in memory, and a redis-server started on a free port.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import pg from 'pg';
import { createClient } from 'redis';
import { createServerDatabase } from '../../../../test/support/postgres.ts';
import { type Started, start } from './processes.ts';

/** A new, empty database on the test server, a pool on it, and the function that drops both. */
export async function createPostgresDatabase(): Promise<{
  pool: pg.Pool;
  drop: () => Promise<void>;
}> {
  const database = await createServerDatabase('crypto_session_test');
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  // An idle connection's error (its server process ended under it) is re-emitted by the pool; kept
  // here, it fails `drop` in the suite that saw it.
  const errors: Error[] = [];
  pool.on('error', (error) => errors.push(error));
  // `pool.end()` resolves once it has asked each connection to close, not once they have. A drop
  // WITH (FORCE) sent before a server process has read that request terminates it, and its client,
  // already ended, reports "terminating connection due to administrator command" as an 'error'.
  // So the drop waits for every connection the pool opened to be closed.
  const closed: Promise<void>[] = [];
  pool.on('connect', (client) => {
    closed.push(new Promise((resolve) => client.once('end', () => resolve())));
  });
  return {
    pool,
    drop: async () => {
      await pool.end();
      await Promise.all(closed);
      await database.drop();
      if (errors.length > 0)
        throw new AggregateError(errors, 'a PostgreSQL connection of the pool failed while idle');
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

/**
 * A redis-server on a free port of 127.0.0.1, ready to accept connections. The port is free when
 * chosen but may be taken before redis-server binds it (another test's server or an outgoing
 * connection): then redis-server exits at once, and another port is tried.
 */
async function startRedisServer(): Promise<{ port: number; server: Started }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const server = await start(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        /Ready to accept connections/,
      );
      return { port, server };
    } catch (error) {
      if (attempt === 3 || !/Address already in use/.test(String(error))) throw error;
    }
  }
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
  const { port, server } = await startRedisServer();
  // The server is ready before the client connects, so any error of the client is unexpected: it
  // is kept and fails `stop` (or the start), instead of being lost or crashing the test process.
  const errors: Error[] = [];
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  client.on('error', (error: Error) => errors.push(error));
  try {
    await client.connect();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    client,
    stop: async () => {
      await client.close();
      await server.stop();
      if (errors.length > 0)
        throw new AggregateError(errors, 'the Redis client reported errors during the tests');
    },
  };
}

// A throwaway PostgreSQL cluster for one test run: made in a temporary folder, on a free port of
// 127.0.0.1, and removed afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` account. */
function runAs() {
  if (process.getuid?.() !== 0) return (command, args) => [command, args];
  return (command, args) => ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

/**
 * Starts a new cluster with the binaries in `bin` and returns its URL (role `convene`, password
 * `convene`, as `CONVENE_TEST_DATABASE_URL` expects) and a `stop` that removes it.
 */
export async function startTestPostgres(bin) {
  const dir = mkdtempSync(join(tmpdir(), 'convene-pg-'));
  const data = join(dir, 'data');
  const as = runAs();
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const run = (command, args) => {
    const [program, argv] = as(join(bin, command), args);
    const result = spawnSync(program, argv, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${command} failed: ${(result.stderr || result.stdout).trim()}`);
    }
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'convene', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const settings = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${dir}'`,
    '-c max_connections=300',
    '-c fsync=off',
  ].join(' ');
  run('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return { url: `postgres://convene:convene@127.0.0.1:${port}/postgres`, stop };
}

/**
 * Gives `env` a PostgreSQL server for one run: the one its `CONVENE_TEST_DATABASE_URL` names, or
 * a throwaway cluster started with the binaries in `bin`, whose URL it sets there. Returns the
 * function that removes that cluster (it is also removed on SIGINT and SIGTERM).
 */
export async function provideTestDatabase(env, bin) {
  if (env.CONVENE_TEST_DATABASE_URL !== undefined) return () => {};
  let database = await startTestPostgres(bin);
  env.CONVENE_TEST_DATABASE_URL = database.url;
  console.log(`PostgreSQL for this run: ${database.url}`);
  const stop = () => {
    database?.stop();
    database = undefined;
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stop();
      process.exit(130);
    });
  }
  return stop;
}

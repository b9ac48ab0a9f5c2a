#!/usr/bin/env node
// `pnpm test`: provisions what the tests need (peer programs, a PostgreSQL server), runs every
// package's tests and the workspace tests, and closes with one line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { startTestPostgres } from './test-postgres.mjs';
import { postgresBin, provisionTools } from './test-tools.mjs';

const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
const needPostgres = env.CONVENE_TEST_DATABASE_URL === undefined;

try {
  provisionTools({ needPostgres });
} catch (error) {
  console.error(`pnpm test: ${error.message}`);
  process.exit(1);
}

let database;
if (needPostgres) {
  database = await startTestPostgres(postgresBin());
  env.CONVENE_TEST_DATABASE_URL = database.url;
  console.log(`PostgreSQL for this run: ${database.url}`);
}
const stopDatabase = () => {
  database?.stop();
  database = undefined;
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopDatabase();
    process.exit(130);
  });
}

const step = (command, args) =>
  spawnSync(command, args, { cwd: root, env, stdio: 'inherit' }).status ?? 1;

let status = step('pnpm', [
  'exec',
  'turbo',
  'run',
  'build',
  'test',
  '--concurrency=1',
  '--continue',
]);
const workspace = step('pnpm', ['exec', 'vitest', 'run']);
if (status === 0) status = workspace;
stopDatabase();

const summary = step(process.execPath, [
  'scripts/test-summary.mjs',
  ...(status === 0 ? [] : ['--run-failed']),
]);
process.exit(status === 0 ? summary : status);

#!/usr/bin/env node
// `pnpm test`: provisions what the tests need (peer programs, a PostgreSQL server), runs every
// package's tests and the workspace tests, and closes with one line `N passed, N failed`.
import { prepareRun } from './run-setup.mjs';

const { step, stopDatabase } = await prepareRun('test', { peers: true });
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

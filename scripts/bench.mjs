#!/usr/bin/env node
// `pnpm bench`: runs every package's benchmarks one after another (a PostgreSQL server provided
// as for the tests), then gathers their reports into bench/summary.md.
import { prepareRun } from './run-setup.mjs';

const { step, stopDatabase } = await prepareRun('bench', { peers: false });
// One package at a time, so that no benchmark shares the cores with another; a package that
// fails does not keep the others from running, and the summary says whose report is missing.
const status = step('pnpm', ['exec', 'turbo', 'run', 'bench', '--concurrency=1', '--continue']);
stopDatabase();
// `pnpm bench -- --readme` also writes each package's rows into its README.
const summary = step(process.execPath, [
  '--import',
  'tsx',
  'bench/write-summary.ts',
  ...process.argv.slice(2),
]);
process.exit(status === 0 ? summary : status);

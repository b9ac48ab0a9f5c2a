#!/usr/bin/env node
// Adds up the vitest JSON reports of the root and of every workspace package into one
// closing line, `N passed, N failed`, and exits non-zero when a test failed or none ran.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = [join(root, 'test-results.json')];
for (const group of ['packages', 'apps']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) reports.push(join(dir, name, 'test-results.json'));
}

/**
 * The errors `scripts/unhandled-errors-reporter.ts` listed beside a JSON report in the same run
 * (a list older than the report is a stale one, left beside a report that turbo's cache restored).
 */
function unhandledErrorsBeside(report) {
  const file = join(dirname(report), 'test-unhandled.json');
  if (!existsSync(file) || statSync(file).mtimeMs < statSync(report).mtimeMs) return [];
  return JSON.parse(readFileSync(file, 'utf8'));
}

let passed = 0;
let failed = 0;
for (const file of reports.filter((path) => existsSync(path))) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const where = file.slice(root.length) || file;
  // A file that fails to load counts as a failure even though none of its tests ran.
  const brokenFiles =
    report.numFailedTests === 0 && !report.success ? report.numFailedTestSuites || 1 : 0;
  // So does each error raised outside any test, which the JSON report leaves out.
  const unhandled = unhandledErrorsBeside(file);
  for (const { name, message, stack = '' } of unhandled) {
    const frames = stack.split('\n').filter((line) => line.trim().startsWith('at '));
    console.log([`${where}: unhandled ${name}: ${message}`, ...frames.slice(0, 3)].join('\n'));
  }
  const failedHere = report.numFailedTests + brokenFiles + unhandled.length;
  console.log(`${where}: ${report.numPassedTests} passed, ${failedHere} failed`);
  passed += report.numPassedTests;
  failed += failedHere;
}
// A run that failed outside any counted test (a build, an unhandled error) still counts as failed.
if (process.argv.includes('--run-failed') && failed === 0) {
  console.log('the test run failed outside the counted tests: see its output above');
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

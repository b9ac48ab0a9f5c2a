#!/usr/bin/env node
// Adds up the vitest JSON reports of the root and of every workspace package into one
// closing line, `N passed, N failed`, and exits non-zero when a test failed or none ran.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = [join(root, 'test-results.json')];
for (const group of ['packages', 'apps']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) reports.push(join(dir, name, 'test-results.json'));
}

let passed = 0;
let failed = 0;
for (const file of reports.filter((path) => existsSync(path))) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const where = file.slice(root.length) || file;
  // A file that fails to load counts as a failure even though none of its tests ran.
  const brokenFiles =
    report.numFailedTests === 0 && !report.success ? report.numFailedTestSuites || 1 : 0;
  const failedHere = report.numFailedTests + brokenFiles;
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

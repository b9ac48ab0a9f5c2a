import { defineConfig } from 'vitest/config';
import UnhandledErrorsReporter from './scripts/unhandled-errors-reporter.ts';

/**
 * The test setup every package extends: its tests in `test/`, and a JSON report in
 * `test-results.json` that `scripts/test-summary.mjs` adds up across the workspace, with the errors
 * raised outside any test in `test-unhandled.json`.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: [
      'default',
      ['json', { outputFile: 'test-results.json' }],
      new UnhandledErrorsReporter(),
    ],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});

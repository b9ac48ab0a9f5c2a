import { defineConfig } from 'vitest/config';

/**
 * The test setup every package extends: its tests in `test/`, and a JSON report in
 * `test-results.json` that `scripts/test-summary.mjs` adds up across the workspace.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});

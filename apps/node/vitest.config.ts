import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // The end-to-end files each start node processes and PostgreSQL databases: run them one
      // after another so a loaded 2-core machine is not asked for more than it has.
      fileParallelism: false,
      globalSetup: ['test/support/build.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  }),
);

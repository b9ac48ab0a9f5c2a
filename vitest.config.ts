import { defineConfig, mergeConfig } from 'vitest/config';
import shared from './vitest.shared.ts';

/** Workspace-level tests: packing every package and installing it as a user would. */
export default mergeConfig(
  shared,
  defineConfig({ test: { testTimeout: 300_000, hookTimeout: 300_000 } }),
);

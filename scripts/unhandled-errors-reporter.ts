// A vitest reporter that keeps the errors raised outside any test (an unhandled rejection, an
// 'error' event nobody listened to) in `test-unhandled.json`, beside the JSON report, so that
// `scripts/test-summary.mjs` can count and name them: vitest's JSON report leaves them out.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';

/** The file, in the package's directory, that lists the run's unhandled errors; absent when none. */
const UNHANDLED_ERRORS_FILE = 'test-unhandled.json';

/** Writes the unhandled errors of a run to {@link UNHANDLED_ERRORS_FILE}, or removes a stale one. */
export default class UnhandledErrorsReporter implements Reporter {
  private file = UNHANDLED_ERRORS_FILE;

  onInit(vitest: Vitest): void {
    this.file = join(vitest.config.root, UNHANDLED_ERRORS_FILE);
    rmSync(this.file, { force: true });
  }

  onTestRunEnd(
    _modules: ReadonlyArray<TestModule>,
    errors: ReadonlyArray<{ name?: string; message: string; stack?: string }>,
  ): void {
    if (errors.length === 0) return;
    const listed = errors.map(({ name, message, stack }) => ({ name, message, stack }));
    writeFileSync(this.file, `${JSON.stringify(listed, null, 2)}\n`);
  }
}

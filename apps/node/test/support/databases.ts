// Fresh places for tests: an embedded store in a temporary folder, or a new database on the
// PostgreSQL server the tests use (see the workspace's test/support/postgres.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export { createServerDatabase, serverUrl } from '../../../../test/support/postgres.ts';

/** A new temporary folder, and the function that removes it. */
export function createTempDir(prefix = 'convene-node-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

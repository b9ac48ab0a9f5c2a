// Temporary files for tests: JSON written in a fresh folder, removed by the test that made it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `value` as JSON in a fresh temporary folder; returns its path and the folder's removal. */
export function writeJsonFile(value: unknown): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'crypto-session-'));
  const path = join(dir, 'data.json');
  writeFileSync(path, JSON.stringify(value));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

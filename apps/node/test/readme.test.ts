// The README's runnable examples run against the built node, importing it by its own name.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runnableExamples } from '../../../test/readme-examples.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const examples = runnableExamples(readFileSync(join(root, 'README.md'), 'utf8'));

describe('README', () => {
  it('has runnable examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((code, i) => [i, code] as const))('example %i exits 0', (_, code) => {
    const dir = mkdtempSync(join(root, 'test', '.readme-'));
    try {
      const file = join(dir, 'example.ts');
      writeFileSync(file, code);
      expect(() =>
        execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: root, stdio: 'pipe' }),
      ).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The README comparison tables state the line counts of the files they link to, and no task needs
// more code with Convene than with the peer.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackages } from '../scripts/workspace.ts';
import { comparedTasks, linesOfCode, tableRows } from './compare-lines.ts';

describe('linesOfCode', () => {
  it('skips blank lines, comments and import declarations, and counts the rest', () => {
    const source = [
      '// a comment',
      "import { a } from 'a';",
      'import {',
      '  b,',
      "} from 'b';",
      "import 'c';",
      '',
      '/**',
      ' * doc',
      ' */',
      'export function f() {',
      '  return a + b; // trailing comment counts as code',
      '}',
    ].join('\n');
    expect(linesOfCode(source)).toBe(3);
  });
});

describe('tableRows', () => {
  it('reads the task and the two counts from rows linking to a compare file', () => {
    const readme = [
      '| Task | Convene | peer | Lines (Convene) | Lines (peer) |',
      '| --- | --- | --- | ---: | ---: |',
      '| Send | [ours](https://x/test/compare/send.ours.ts) | [peer](https://x/test/compare/send.peer.ts) | 4 | 7 |',
    ].join('\n');
    expect(tableRows(readme)).toEqual([{ task: 'send', ours: 4, peer: 7 }]);
  });
});

for (const { name, dir } of publishedPackages) {
  const tasks = comparedTasks(dir);
  const readmePath = join(dir, 'README.md');
  describe(`${name} README comparison`, () => {
    it('has three tasks, each written with Convene and with the peer', () => {
      expect(tasks.length).toBeGreaterThanOrEqual(3);
      for (const { task } of tasks)
        expect(existsSync(join(dir, 'test', 'compare', `${task}.peer.ts`)), task).toBe(true);
    });

    it('states in its table the lines of code each file has', () => {
      const rows = tableRows(readFileSync(readmePath, 'utf8'));
      expect(rows).toEqual(tasks);
    });

    it('needs no more code with Convene than with the peer for any task', () => {
      for (const { task, ours, peer } of tasks) expect(ours, task).toBeLessThanOrEqual(peer);
    });
  });
}

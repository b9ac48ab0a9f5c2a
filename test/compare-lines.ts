// How the README comparison tables count lines of code, the same rule for Convene and its peer.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Lines of code in a Biome-formatted TypeScript file: every line that is not blank, not only a
 * comment, and not part of an `import` declaration (imports cost the same on both sides and their
 * line count follows the formatter, not the API).
 */
export function linesOfCode(source: string): number {
  let count = 0;
  let inImport = false;
  let inBlockComment = false;
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (inBlockComment) {
      inBlockComment = !line.includes('*/');
      continue;
    }
    if (inImport) {
      inImport = !/from\s+['"][^'"]+['"];?$/.test(line);
      continue;
    }
    if (line === '' || line.startsWith('//')) continue;
    if (line.startsWith('/*')) {
      inBlockComment = !line.includes('*/');
      continue;
    }
    if (/^import\s/.test(line)) {
      inImport = !/(from\s+)?['"][^'"]+['"];?$/.test(line);
      continue;
    }
    count += 1;
  }
  return count;
}

/** One task of a package's comparison: its name and the lines of its two files. */
export interface ComparedTask {
  readonly task: string;
  readonly ours: number;
  readonly peer: number;
}

/** The tasks in `<packageDir>/test/compare/`, each written as `<task>.ours.ts` and `<task>.peer.ts`. */
export function comparedTasks(packageDir: string): ComparedTask[] {
  const dir = join(packageDir, 'test', 'compare');
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  const count = (file: string) => linesOfCode(readFileSync(join(dir, file), 'utf8'));
  return files
    .filter((file) => file.endsWith('.ours.ts'))
    .sort()
    .map((file) => {
      const task = file.slice(0, -'.ours.ts'.length);
      return { task, ours: count(file), peer: count(`${task}.peer.ts`) };
    });
}

/** A row of a README comparison table: the task its links name, and the two counts it states. */
export interface TableRow {
  readonly task: string;
  readonly ours: number;
  readonly peer: number;
}

/** The rows of the README tables that link to `test/compare/<task>.ours.ts`. */
export function tableRows(readme: string): TableRow[] {
  const rows: TableRow[] = [];
  for (const line of readme.split('\n')) {
    const task = /test\/compare\/([\w-]+)\.ours\.ts\)/.exec(line)?.[1];
    if (task === undefined || !line.trim().startsWith('|')) continue;
    const cells = line.split('|').map((cell) => cell.trim());
    const [ours, peer] = cells.slice(-3, -1).map(Number);
    rows.push({ task, ours: ours ?? Number.NaN, peer: peer ?? Number.NaN });
  }
  return rows;
}

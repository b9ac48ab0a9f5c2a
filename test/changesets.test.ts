// Every changeset must be one that `changeset version` can read: front matter naming workspace
// packages and a bump, then a summary for users.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dir = join(root, '.changeset');
const workspaceNames = new Set(
  ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(root, group))
      .map((folder) => join(root, group, folder, 'package.json'))
      .filter((file) => existsSync(file))
      .map((file) => JSON.parse(readFileSync(file, 'utf8')).name as string),
  ),
);
const changesets = readdirSync(dir).filter((file) => file.endsWith('.md') && file !== 'README.md');

describe('changesets', () => {
  it('exist', () => {
    expect(changesets.length).toBeGreaterThan(0);
  });

  for (const file of changesets) {
    it(`${file} has front matter naming workspace packages with a bump, and a summary`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const match = /^---\n([\s\S]*?)\n---\n+(\S[\s\S]*)$/.exec(text);
      expect(match, 'front matter between --- lines, then a summary').not.toBeNull();
      const releases = (match?.[1] ?? '').split('\n').filter((line) => line.trim() !== '');
      expect(releases.length).toBeGreaterThan(0);
      for (const line of releases) {
        const release = /^"(?<name>[^"]+)": (?:major|minor|patch)$/.exec(line);
        expect(release, `release line ${line}`).not.toBeNull();
        expect(workspaceNames).toContain(release?.groups?.name);
      }
    });
  }
});

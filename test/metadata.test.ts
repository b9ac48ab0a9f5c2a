// What every published package's package.json promises its users: an exports map that Node,
// CommonJS and bundlers resolve (types first, a default last), where the code lives, how to report
// a problem, and the runtimes it supports.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackages, root } from '../scripts/workspace.ts';

type Conditions = Record<string, string>;

for (const { name, dir } of publishedPackages) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entries = Object.entries(manifest.exports as Record<string, string | Conditions>).filter(
    (entry): entry is [string, Conditions] => typeof entry[1] === 'object',
  );

  describe(`${name} package.json`, () => {
    it('lists types first and default last in every entry of its exports map', () => {
      expect(entries.length).toBeGreaterThan(0);
      for (const [subpath, conditions] of entries) {
        const keys = Object.keys(conditions);
        expect(keys[0], subpath).toBe('types');
        expect(keys.at(-1), subpath).toBe('default');
        expect(conditions.default, subpath).toBe(conditions.import ?? conditions.default);
      }
    });

    it('names its repository folder, homepage, issue tracker and keywords', () => {
      expect(manifest.repository).toMatchObject({
        type: 'git',
        url: expect.stringMatching(/^git\+https:\/\/.+\.git$/),
        directory: relative(root, dir),
      });
      expect(manifest.homepage).toMatch(/^https:\/\//);
      expect(manifest.bugs?.url).toMatch(/^https:\/\//);
      expect(manifest.keywords?.length).toBeGreaterThan(2);
      expect(manifest.license).toBe('MIT');
    });

    it('supports Node >= 20.19, is free of side effects and public', () => {
      expect(manifest.engines).toEqual({ node: '>=20.19' });
      expect(manifest.sideEffects).toBe(false);
      expect(manifest.type).toBe('module');
      expect(manifest.publishConfig).toEqual({ access: 'public' });
    });

    it('checks its packing with publint and attw, CommonJS consumers included', () => {
      expect(manifest.scripts['lint:package']).toMatch(
        /^publint --strict && attw --pack \. --profile node16\b/,
      );
    });
  });
}

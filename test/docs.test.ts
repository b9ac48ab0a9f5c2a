// The API reference build: complete docs for every package, and a refusal of what would make them
// incomplete (an undocumented export, a link to nothing).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApiDocs, sourceEntryPoints } from '../scripts/docs.ts';
import { publishedPackages, root } from '../scripts/workspace.ts';

const work = mkdtempSync(join(tmpdir(), 'convene-docs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A package folder holding `source` as its src/index.ts, and a README. */
function fixture(name: string, source: string): { name: string; dir: string } {
  const dir = join(work, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src/index.ts'), source);
  writeFileSync(join(dir, 'README.md'), `# ${name}\n\nThe front page.\n`);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name,
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    }),
  );
  writeFileSync(
    join(dir, 'tsconfig.build.json'),
    JSON.stringify({
      extends: join(root, 'tsconfig.base.json'),
      compilerOptions: { rootDir: 'src', outDir: 'dist' },
      include: ['src'],
    }),
  );
  return { name, dir };
}

describe('API docs', () => {
  it('refuse an undocumented export', async () => {
    const pkg = fixture(
      'undocumented',
      '/** @packageDocumentation A fixture. */\nexport const answer = 42;\n',
    );
    const problems = await buildApiDocs(pkg, join(work, 'out-undocumented'));
    expect(problems.join('\n')).toMatch(/answer.*does not have any documentation/);
  });

  it('refuse a link to nothing', async () => {
    const pkg = fixture(
      'broken-link',
      '/** @packageDocumentation A fixture. */\n/** Like {@link Nowhere}. */\nexport const answer = 42;\n',
    );
    const problems = await buildApiDocs(pkg, join(work, 'out-broken-link'));
    expect(problems.join('\n')).toMatch(/Nowhere/);
  });

  it('document every entry point of the exports map', () => {
    expect(sourceEntryPoints(join(root, 'packages/rpc-core'))).toEqual([
      join(root, 'packages/rpc-core/src/index.ts'),
      join(root, 'packages/rpc-core/src/client/index.ts'),
    ]);
  });

  for (const pkg of publishedPackages) {
    it(`${pkg.name}: builds with every export documented and every link resolved, README first`, async () => {
      const out = join(work, 'out', pkg.name);
      expect(await buildApiDocs(pkg, out)).toEqual([]);
      const front = readFileSync(join(out, 'index.html'), 'utf8');
      expect(front).toContain(pkg.name);
      expect(existsSync(join(out, 'modules.html')) || existsSync(join(out, 'hierarchy.html'))).toBe(
        true,
      );
    });
  }
});

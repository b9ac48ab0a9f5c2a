// Every published package, packed and installed as a user would get it: `pnpm pack`, then plain
// `npm install` of the tarballs into a fresh project outside the workspace. There each package is
// imported from an .mjs file and required from a .cjs file, each README's links are checked
// against the files in the tarball, and its runnable examples are type-checked against the
// installed types and run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { published, root, slug } from './packages.ts';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

const project = mkdtempSync(join(tmpdir(), 'convene-install-'));
const run = (command: string, args: string[], cwd = project) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
/** What tsc printed for the consumers and README examples; empty when they type-check. */
let compilerOutput = '';

beforeAll(() => {
  const tarballs = published.map(({ dir }) =>
    resolve(
      project,
      run('pnpm', ['pack', '--pack-destination', project], dir).trim().split('\n').at(-1) ?? '',
    ),
  );
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs]);
  compilerOutput = compileConsumers();
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Writes a consumer of each package and its README examples, and compiles them with tsc. */
function compileConsumers(): string {
  const sources: string[] = [];
  for (const { name, examples } of published) {
    const consumer = `${slug(name)}.consumer.ts`;
    writeFileSync(
      join(project, consumer),
      `import * as api from '${name}';\nexport const names: (keyof typeof api)[] = Object.keys(api) as (keyof typeof api)[];\n`,
    );
    sources.push(consumer);
    examples.forEach((code, i) => {
      const example = `${slug(name)}.readme-${i}.ts`;
      writeFileSync(join(project, example), `${code}\nexport {};\n`);
      sources.push(example);
    });
  }
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: false,
        outDir: 'out',
        types: ['node'],
        typeRoots: [join(root, 'node_modules/@types')],
      },
      files: sources,
    }),
  );
  try {
    return run(process.execPath, [tsc, '-p', 'tsconfig.json']);
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

/** The targets of a Markdown document's links that are neither URLs nor anchors, without anchor. */
function relativeLinks(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)[^)]*\)/g)].map((match) => match[1] ?? '');
  return targets
    .filter((target) => !/^(?:[a-z][a-z+.-]*:|#)/i.test(target))
    .map((target) => target.replace(/#.*$/, ''));
}

describe('packed packages installed with npm', () => {
  it('finds every package to check', () => {
    expect(published.map(({ name }) => name)).toContain('@convene/signals');
  });

  for (const { name, dir } of published) {
    it(`${name}: an .mjs file imports the same API as the workspace build`, async () => {
      const file = join(project, `import-${slug(name)}.mjs`);
      writeFileSync(
        file,
        `import * as api from '${name}';\nconsole.log(JSON.stringify(Object.keys(api).sort()));\n`,
      );
      const installed = JSON.parse(run(process.execPath, [file]));
      const built = Object.keys(
        await import(pathToFileURL(join(dir, 'dist/index.js')).href),
      ).sort();
      expect(installed.length).toBeGreaterThan(0);
      expect(installed).toEqual(built);
    });
  }

  for (const { name, dir } of published) {
    it(`${name}: a .cjs file requires the same API as the workspace build`, async () => {
      const file = join(project, `require-${slug(name)}.cjs`);
      writeFileSync(
        file,
        `const api = require('${name}');\nconsole.log(JSON.stringify(Object.keys(api).sort()));\n`,
      );
      const required = JSON.parse(run(process.execPath, [file]));
      const built = Object.keys(
        await import(pathToFileURL(join(dir, 'dist/index.js')).href),
      ).sort();
      expect(required.length).toBeGreaterThan(0);
      expect(required).toEqual(built);
    });
  }

  for (const { name, dir } of published) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const subpaths = Object.keys(manifest.exports).filter(
      (key) => key !== '.' && !key.endsWith('.json'),
    );
    for (const subpath of subpaths) {
      const specifier = `${name}/${subpath.slice(2)}`;
      it(`${specifier}: imports from .mjs and requires from .cjs with the same names`, () => {
        const listing = `console.log(JSON.stringify(Object.keys(api).sort()));\n`;
        const mjs = join(project, `subpath-${slug(name)}.mjs`);
        const cjs = join(project, `subpath-${slug(name)}.cjs`);
        writeFileSync(mjs, `import * as api from '${specifier}';\n${listing}`);
        writeFileSync(cjs, `const api = require('${specifier}');\n${listing}`);
        const imported = JSON.parse(run(process.execPath, [mjs]));
        expect(imported.length).toBeGreaterThan(0);
        expect(JSON.parse(run(process.execPath, [cjs]))).toEqual(imported);
      });
    }
  }

  for (const { name } of published) {
    it(`${name}: every relative link in the README points at a file in the tarball`, () => {
      const installed = join(project, 'node_modules', name);
      const missing = relativeLinks(readFileSync(join(installed, 'README.md'), 'utf8')).filter(
        (target) => !existsSync(join(installed, target)),
      );
      expect(missing).toEqual([]);
    });
  }

  it('type-checks a .ts consumer of every package and each README example against the installed types', () => {
    expect(compilerOutput).toBe('');
  });

  for (const { name, examples } of published) {
    it(`${name}: the README's runnable examples run against the installed package`, () => {
      expect(examples.length).toBeGreaterThan(0);
      examples.forEach((_, i) => {
        const compiled = join(project, 'out', `${slug(name)}.readme-${i}.js`);
        expect(() => run(process.execPath, [compiled])).not.toThrow();
      });
    });
  }
});

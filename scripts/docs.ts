// The API reference: HTML docs of every published package built by TypeDoc from its doc comments,
// with its README as front page, failing on a broken link or an undocumented export.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  Application,
  Logger,
  LogLevel,
  TSConfigReader,
  type TypeDocOptions,
  TypeDocReader,
} from 'typedoc';
import { type PublishedPackage, publishedPackages, root, slug } from './workspace.ts';

/** Keeps the warnings and errors TypeDoc reports, instead of printing them. */
class CollectingLogger extends Logger {
  readonly problems: string[] = [];

  override log(message: string, level: LogLevel): void {
    super.log(message, level);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the colours of the terminal
    if (level >= LogLevel.Warn) this.problems.push(message.replace(/\u001b\[[0-9;]*m/g, ''));
  }
}

/**
 * The source file of each entry point in the `exports` map of the package in `dir` (`.`, `./client`,
 * …): `./dist/x.js` is built from `src/x.ts`.
 */
export function sourceEntryPoints(dir: string): string[] {
  const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    exports: Record<string, string | Record<string, string>>;
  };
  return Object.values(exports)
    .map((target) => (typeof target === 'string' ? target : (target.import ?? target.default)))
    .filter((target): target is string => target?.startsWith('./dist/') === true)
    .map((target) => join(dir, target.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')));
}

/**
 * Builds the HTML docs of `pkg` into `out` with the options of the root `typedoc.json`
 * (validation on, warnings as errors). Resolves with the problems found: empty when the docs are
 * complete, every export documented and every link resolved.
 */
export async function buildApiDocs(pkg: PublishedPackage, out: string): Promise<string[]> {
  const options: TypeDocOptions = {
    options: join(root, 'typedoc.json'),
    tsconfig: join(pkg.dir, 'tsconfig.build.json'),
    entryPoints: sourceEntryPoints(pkg.dir),
    readme: join(pkg.dir, 'README.md'),
    name: pkg.name,
    out,
  };
  const app = await Application.bootstrapWithPlugins(options, [
    new TypeDocReader(),
    new TSConfigReader(),
  ]);
  const logger = new CollectingLogger();
  app.logger = logger;
  const project = await app.convert();
  if (project === undefined)
    return [...logger.problems, `${pkg.name}: TypeDoc could not convert it`];
  app.validate(project);
  if (logger.problems.length > 0) return logger.problems;
  await app.generateDocs(project, out);
  return logger.problems;
}

/** Builds every package's docs under `docs/api/<package>/` and an index page linking them. */
async function main(): Promise<void> {
  const out = join(root, 'docs/api');
  let failed = false;
  for (const pkg of publishedPackages) {
    const problems = await buildApiDocs(pkg, join(out, slug(pkg.name)));
    for (const problem of problems) process.stderr.write(`${pkg.name}: ${problem}\n`);
    failed ||= problems.length > 0;
  }
  mkdirSync(out, { recursive: true });
  const items = publishedPackages
    .map(({ name }) => `<li><a href="${slug(name)}/index.html">${name}</a></li>`)
    .join('\n');
  writeFileSync(
    join(out, 'index.html'),
    `<!doctype html>\n<meta charset="utf-8">\n<title>Convene API reference</title>\n<h1>Convene API reference</h1>\n<ul>\n${items}\n</ul>\n`,
  );
  if (failed) {
    process.stderr.write('API docs: fix the problems above (undocumented exports, broken links)\n');
    process.exitCode = 1;
  } else process.stdout.write(`API docs written to ${out}/index.html\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

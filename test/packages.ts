// The workspace's published packages with their README's runnable examples, for the root tests.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PublishedPackage, publishedPackages } from '../scripts/workspace.ts';
import { runnableExamples } from './readme-examples.ts';

export { root, slug } from '../scripts/workspace.ts';

/** A published package and the code of its README's runnable examples. */
export interface Published extends PublishedPackage {
  readonly examples: string[];
}

/** Every published package, with its README's runnable examples. */
export const published: readonly Published[] = publishedPackages.map((pkg) => {
  const readme = join(pkg.dir, 'README.md');
  return {
    ...pkg,
    examples: existsSync(readme) ? runnableExamples(readFileSync(readme, 'utf8')) : [],
  };
});

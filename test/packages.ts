// The workspace's published packages as the root tests see them: name, folder, README examples.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runnableExamples } from './readme-examples.ts';

/** The root of the workspace. */
export const root = join(import.meta.dirname, '..');

/** A package published to npm, with its README's runnable examples. */
export interface Published {
  name: string;
  dir: string;
  examples: string[];
}

/** Every package under `packages/` that is not private. */
export const published: Published[] = readdirSync(join(root, 'packages'))
  .map((folder) => join(root, 'packages', folder))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true)
  .map(({ dir, manifest }) => ({
    name: manifest.name as string,
    dir,
    examples: existsSync(join(dir, 'README.md'))
      ? runnableExamples(readFileSync(join(dir, 'README.md'), 'utf8'))
      : [],
  }));

/** The package name without its scope: `@convene/xcal` → `xcal`. */
export const slug = (name: string) => name.replace(/^@convene\//, '');

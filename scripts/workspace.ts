// The workspace's published packages, as the release, docs and root tests walk them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The root of the workspace. */
export const root = join(import.meta.dirname, '..');

/** A package of `packages/` that is published to npm. */
export interface PublishedPackage {
  /** Its npm name, `@convene/…`. */
  readonly name: string;
  /** Its folder. */
  readonly dir: string;
}

/** Every package under `packages/` that is not private, in folder order. */
export const publishedPackages: readonly PublishedPackage[] = readdirSync(join(root, 'packages'))
  .map((folder) => join(root, 'packages', folder))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true)
  .map(({ dir, manifest }) => ({ name: manifest.name as string, dir }));

/** The package name without its scope: `@convene/xcal` → `xcal`. */
export const slug = (name: string) => name.replace(/^@convene\//, '');

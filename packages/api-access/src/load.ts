// Reading an api-access.json file from disk, never more of it than the size limit.
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { LimitExceededError, PermissionMapReadError } from './errors.js';
import { type Limits, resolveLimits } from './limits.js';
import { type PermissionMap, parsePermissionMap } from './permission-map.js';

/** Options of {@link loadPermissionMap}. */
export interface LoadOptions {
  /** Bounds; this function reads `maxFileBytes`. */
  readonly limits?: Partial<Limits>;
}

/** A path given as a string or a `file:` URL, as a string. */
export const toPath = (path: string | URL): string =>
  typeof path === 'string' ? path : fileURLToPath(path);

/**
 * Reads and checks an api-access.json file (what Graphene's `--api-access` takes).
 *
 * @throws {PermissionMapReadError} when the file cannot be read.
 * @throws {LimitExceededError} when it is larger than `limits.maxFileBytes`.
 * @throws {PermissionMapError} when its content is not a valid api-access document.
 * @throws {RangeError} when a limit is not a positive integer.
 */
export async function loadPermissionMap(
  path: string | URL,
  options: LoadOptions = {},
): Promise<PermissionMap> {
  const file = toPath(path);
  return parsePermissionMap(await readPermissionText(file, resolveLimits(options.limits)), {
    file,
  });
}

/**
 * The text of `file`, read up to `maxFileBytes`.
 *
 * @throws {PermissionMapReadError} when the file cannot be read.
 * @throws {LimitExceededError} when it is larger than `maxFileBytes`.
 */
export async function readPermissionText(
  file: string,
  { maxFileBytes }: Pick<Limits, 'maxFileBytes'>,
): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      // Read one byte past the limit, never the whole of an oversized file.
      const buffer = Buffer.alloc(maxFileBytes + 1);
      let length = 0;
      let bytesRead = -1;
      while (bytesRead !== 0 && length < buffer.length) {
        ({ bytesRead } = await handle.read(buffer, length, buffer.length - length, null));
        length += bytesRead;
      }
      if (length > maxFileBytes)
        throw new LimitExceededError('maxFileBytes', maxFileBytes, `${file} is larger`);
      return buffer.toString('utf8', 0, length);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof LimitExceededError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new PermissionMapReadError(file, `cannot be read (${code})`, { cause: error });
  }
}

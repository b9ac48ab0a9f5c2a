import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PermissionMapReadError } from './errors.js';
import { type PermissionMap, parsePermissionMap } from './permission-map.js';

/** Options of {@link loadPermissionMap}. */
export interface LoadOptions {
  /** Largest file read, in bytes. Default 1 MiB (a map of thousands of users fits in far less). */
  readonly maxBytes?: number;
}

/** Default of {@link LoadOptions.maxBytes}. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/** A path given as a string or a `file:` URL, as a string. */
export const toPath = (path: string | URL): string =>
  typeof path === 'string' ? path : fileURLToPath(path);

/**
 * Reads and checks an api-access.json file (what Graphene's `--api-access` takes).
 *
 * @throws {PermissionMapReadError} when the file cannot be read or is larger than `maxBytes`.
 * @throws {PermissionMapError} when its content is not a valid api-access document.
 */
export async function loadPermissionMap(
  path: string | URL,
  options: LoadOptions = {},
): Promise<PermissionMap> {
  const file = toPath(path);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  let text: string;
  try {
    const handle = await open(file, 'r');
    try {
      // Read one byte past the limit, never the whole of an oversized file.
      const buffer = Buffer.alloc(maxBytes + 1);
      let length = 0;
      let bytesRead = -1;
      while (bytesRead !== 0 && length < buffer.length) {
        ({ bytesRead } = await handle.read(buffer, length, buffer.length - length, null));
        length += bytesRead;
      }
      if (length > maxBytes)
        throw new PermissionMapReadError(file, `is larger than the limit of ${maxBytes} bytes`);
      text = buffer.toString('utf8', 0, length);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof PermissionMapReadError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new PermissionMapReadError(file, `cannot be read (${code})`, { cause: error });
  }
  return parsePermissionMap(text, { file });
}

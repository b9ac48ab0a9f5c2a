// An api-access.json edited in place: its pairs as written, one user added, changed or removed,
// every other entry kept as it was and where it was, the result checked and then written
// atomically (a temporary file beside it, synced, renamed over it).
import { randomBytes } from 'node:crypto';
import { chmod, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AccessFileEditError, LimitExceededError } from './errors.js';
import { DEFAULT_LIMITS } from './limits.js';
import { readPermissionText } from './load.js';
import { parsePermissionMap } from './permission-map.js';

/** One `[user, entry]` pair as the file has it. */
export type Pair = [user: string, entry: Record<string, unknown>];

/** Mode of a file this tool creates: it holds password hashes, so only its owner reads it. */
const NEW_FILE_MODE = 0o600;

/** A permission file read for editing; change `pairs`, then {@link save}. */
export class PermissionFile {
  readonly path: string;
  readonly pairs: Pair[];
  readonly #target: string;
  readonly #mode: number;

  private constructor(path: string, target: string, pairs: Pair[], mode: number) {
    this.path = path;
    this.#target = target;
    this.pairs = pairs;
    this.#mode = mode;
  }

  /**
   * Reads and checks `path`; with `create`, a missing file reads as an empty map. A symbolic link
   * is followed, so that saving replaces the file it points to, not the link.
   *
   * @throws {PermissionMapReadError | LimitExceededError | PermissionMapError} as loading does.
   */
  static async read(path: string, create = false): Promise<PermissionFile> {
    const target = await realpath(path).catch((error: NodeJS.ErrnoException) => {
      if (create && error.code === 'ENOENT') return undefined;
      return path;
    });
    if (target === undefined) return new PermissionFile(path, path, [], NEW_FILE_MODE);
    const text = await readPermissionText(target, DEFAULT_LIMITS);
    parsePermissionMap(text, { file: path });
    const { permission_map: pairs } = JSON.parse(text) as { permission_map: Pair[] };
    const { mode } = await stat(target);
    return new PermissionFile(path, target, pairs, mode & 0o7777);
  }

  /** Index of `user`'s pair, or -1. */
  indexOf(user: string): number {
    return this.pairs.findIndex(([name]) => name === user);
  }

  /** Index of `user`'s pair; throws {@link AccessFileEditError} when it is not listed. */
  find(user: string): number {
    const index = this.indexOf(user);
    if (index === -1)
      throw new AccessFileEditError(
        user,
        `user ${JSON.stringify(user)} is not listed in ${this.path}`,
      );
    return index;
  }

  /** Throws {@link AccessFileEditError} when `user` is already listed. */
  refuseListed(user: string): void {
    if (this.indexOf(user) !== -1)
      throw new AccessFileEditError(
        user,
        `user ${JSON.stringify(user)} is already listed in ${this.path}; change its password instead`,
      );
  }

  /**
   * Checks the edited document as a node would read it, then replaces the file atomically,
   * keeping its permission bits: a reader sees the old file or the new one, never a part.
   *
   * @throws {PermissionMapError} when the edit made the document invalid (nothing is written).
   * @throws {LimitExceededError} when it would be larger than a node reads.
   */
  async save(): Promise<void> {
    const text = `${JSON.stringify({ permission_map: this.pairs }, null, 2)}\n`;
    parsePermissionMap(text, { file: this.path });
    const { maxFileBytes } = DEFAULT_LIMITS;
    if (Buffer.byteLength(text) > maxFileBytes)
      throw new LimitExceededError('maxFileBytes', maxFileBytes, `${this.path} would be larger`);
    const directory = dirname(this.#target);
    const temporary = join(
      directory,
      `.${basename(this.#target)}.${randomBytes(6).toString('hex')}.tmp`,
    );
    try {
      const handle = await open(temporary, 'wx', this.#mode);
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // The mode given to open() passes through the umask; set it exactly.
      await chmod(temporary, this.#mode);
      await rename(temporary, this.#target);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    const folder = await open(directory, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }
}

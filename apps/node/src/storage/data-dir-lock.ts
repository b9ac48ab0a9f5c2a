// A lock file that keeps a second process off one data directory.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { DataDirLockedError } from '../errors.js';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock file that keeps two processes from opening one embedded store (PGlite runs
 * PostgreSQL in single-user mode: a second writer would corrupt it). A lock left by a process that
 * no longer runs (killed with SIGKILL, say) is taken over. Returns the function that releases it.
 */
export function lockDataDir(file: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
        throw new DataDirLockedError(
          `${file}: the embedded store is in use by process ${holder}; stop that node first, or remove the file if no node runs`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`${file}: could not take the lock of the embedded store`);
}

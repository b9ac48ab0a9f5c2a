// Watching an api-access file for replacement or change, debounced.
import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Calls `onChange` once things settle after `file` changes, `debounceMs` after the last event.
 * The directory is watched rather than the file, because editors and deploy tools replace files
 * by renaming a new one over them, which a watch on the old file would miss. `onError` gets
 * errors of the watcher itself. Returns a function that stops watching. Neither the watcher nor
 * its timer keeps the process alive.
 */
export function watchFile(
  file: string,
  debounceMs: number,
  onChange: () => void,
  onError: (error: Error) => void,
): () => void {
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
    if (changed !== null && changed !== name) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
    timer.unref();
  });
  watcher.on('error', onError);
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

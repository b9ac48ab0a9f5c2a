// Runs python3 as the tests' independent reference. JSON crosses the boundary as ASCII (non-ASCII
// as \u escapes) and Python runs in UTF-8 mode, so neither side depends on the machine's locale.
import { execFileSync } from 'node:child_process';

/** `value` as JSON with every non-ASCII character escaped. */
export const asciiJson = (value: unknown): string =>
  JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** Runs python3 with `args` and returns its stdout. */
export function runPython(
  args: string[],
  { input = '', cwd = process.cwd(), timeout = 30_000 } = {},
): string {
  return execFileSync('python3', args, {
    input,
    cwd,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, PYTHONUTF8: '1', PYTHONIOENCODING: 'utf-8' },
  });
}

/** Runs a python3 snippet with `input` on stdin and returns its stdout parsed as JSON. */
export function python<T>(code: string, input = ''): T {
  return JSON.parse(runPython(['-c', code], { input })) as T;
}

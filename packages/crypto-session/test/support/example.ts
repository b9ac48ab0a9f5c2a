// Runs examples/api-key-with-session.ts as a user would, in a child process.
import { fileURLToPath } from 'node:url';
import { type Finished, run } from './processes.ts';

const packageDir = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the example command with `args`; its exit code and output. */
export function runExample(args: string[]): Promise<Finished> {
  return run(
    process.execPath,
    ['--import', 'tsx', 'examples/api-key-with-session.ts', ...args],
    packageDir,
  );
}

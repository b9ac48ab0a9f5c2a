// Child processes of the tests, run to their end or started until they say they are ready; a
// process that cannot start or fails is reported to the test, never left as an unheard 'error'.
import { type ChildProcess, spawn } from 'node:child_process';

/** How a process ended and what it wrote. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnPiped(command: string, args: string[], cwd?: string): ChildProcess {
  // stdin closed: none of them reads it, and a pipe nobody writes to is one more stream to watch.
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd ? { cwd } : {}),
  });
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  return child;
}

/**
 * Runs `command` to its end and returns its exit code and output.
 * @throws {Error} it could not be started (the spawn's own error).
 */
export function run(command: string, args: string[], cwd?: string): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawnPiped(command, args, cwd);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A process started by {@link start}: the ready line it printed, and its stop. */
export interface Started {
  ready: RegExpExecArray;
  /**
   * Sends SIGTERM and resolves once the process has exited (at once if it already had).
   * @throws {Error} the process reported an error after it was ready (a failed kill, say).
   */
  stop: () => Promise<void>;
}

/**
 * Starts `command` and resolves once a line of its stdout matches `ready`. Its output keeps being
 * read afterwards, so a chatty process never blocks on a full pipe.
 * @throws {Error} it could not be started, or exited before printing the line (with its output).
 */
export function start(command: string, args: string[], ready: RegExp): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawnPiped(command, args);
    let output = '';
    let pending = '';
    let failure: Error | undefined;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      if (failure) throw failure;
    };
    const onLine = (chunk: string) => {
      output += chunk;
      pending += chunk;
      for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
        const match = ready.exec(pending.slice(0, end));
        pending = pending.slice(end + 1);
        if (match) {
          child.stdout?.off('data', onLine);
          child.stderr?.off('data', keep);
          child.stdout?.resume();
          child.stderr?.resume();
          resolve({ ready: match, stop });
          return;
        }
      }
    };
    const keep = (chunk: string) => {
      output += chunk;
    };
    child.stdout?.on('data', onLine);
    child.stderr?.on('data', keep);
    // Before the ready line the error fails the start; after it, `stop` reports it.
    child.on('error', (error) => {
      failure ??= error;
      reject(error);
    });
    child.once('close', (code, signal) =>
      reject(new Error(`${command} exited (${code ?? signal}) before it was ready:\n${output}`)),
    );
  });
}

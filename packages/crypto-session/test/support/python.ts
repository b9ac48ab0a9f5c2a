// The PyNaCl peers as child processes of the tests: Debian's /usr/bin/python3 with python3-nacl.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Finished, run, start } from './processes.ts';

const PYTHON = '/usr/bin/python3';
const peers = fileURLToPath(new URL('../peers/', import.meta.url));

/** Fails with one clear line when the interpreter or PyNaCl is missing. */
export function requirePyNaCl(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import nacl.public, nacl.signing, nacl.secret'], {
      stdio: 'ignore',
    });
  } catch {
    throw new Error(`${PYTHON} with PyNaCl is required (Debian package python3-nacl)`);
  }
}

/** Runs a peer script to its end; its exit code and output. */
export function runPeer(script: string, args: string[]): Promise<Finished> {
  return run(PYTHON, [join(peers, script), ...args]);
}

/** Starts a peer server script; resolves once it prints `LISTENING <port>`. */
export async function startPeerServer(
  script: string,
  args: string[],
): Promise<{ url: string; stop: () => Promise<void> }> {
  const { ready, stop } = await start(PYTHON, [join(peers, script), ...args], /^LISTENING (\d+)$/);
  return { url: `http://127.0.0.1:${ready[1]}`, stop };
}

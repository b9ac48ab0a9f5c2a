// The PyNaCl peers as child processes of the tests: Debian's /usr/bin/python3 with python3-nacl.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Runs a peer script to its end and returns its stdout. */
export function runPeer(
  script: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, [join(peers, script), ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts a peer server script; resolves once it prints `LISTENING <port>`. */
export function startPeerServer(
  script: string,
  args: string[],
): Promise<{ url: string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(PYTHON, [join(peers, script), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${stderr}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /LISTENING (\d+)/.exec(chunk.toString());
      if (!match) return;
      resolve({
        url: `http://127.0.0.1:${match[1]}`,
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

// Starts and stops the X stand-in (x_provider.py, on python3-oauthlib) for a test file.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';

/** The consumer the stand-in knows. */
export const X_CONSUMER = {
  key: 'xvz1evFS4wEEPTGEFPHBog',
  secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
};

/** A post the stand-in verified. */
export interface VerifiedPost {
  text: string;
  token: string;
  client_key: string;
  signature_method: string;
}

/** The running stand-in. */
export interface XPeer {
  readonly origin: string;
  posts(): Promise<VerifiedPost[]>;
  /** The next `count` posts fail with 503. */
  failNext(count: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the stand-in on a free port of 127.0.0.1. */
export async function startXPeer(): Promise<XPeer> {
  if (!existsSync(PYTHON))
    throw new Error(`${PYTHON} is missing: install python3 and python3-oauthlib (apt)`);
  const script = fileURLToPath(new URL('./x_provider.py', import.meta.url));
  const clients = { [X_CONSUMER.key]: { secret: X_CONSUMER.secret } };
  const child: ChildProcess = spawn(PYTHON, [script, JSON.stringify(clients)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) =>
      reject(new Error(`the X stand-in exited with ${code}: ${stderr.trim()}`)),
    );
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    posts: async () => (await (await fetch(`${origin}/test/posts`)).json()) as VerifiedPost[],
    failNext: async (count) => {
      await fetch(`${origin}/test/fail?count=${count}`, { method: 'POST' });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin?.end();
        setTimeout(() => child.kill(), 2000).unref();
      }),
  };
}

// Starts and stops the python3-oauthlib OAuth 1.0a provider (oauth1_provider.py) for a test file.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';

/** A running provider: its base URL and how to stop it. */
export interface OAuth1Peer {
  readonly origin: string;
  stop(): Promise<void>;
}

/** Client credentials the provider knows: an HMAC/PLAINTEXT secret or an RSA public key. */
export type PeerClients = Record<string, { secret: string } | { rsa_public_key: string }>;

/** Starts the provider on a free port of 127.0.0.1 and waits for it to listen. */
export async function startOAuth1Peer(clients: PeerClients): Promise<OAuth1Peer> {
  if (!existsSync(PYTHON))
    throw new Error(`${PYTHON} is missing: install python3 and python3-oauthlib (apt)`);
  const script = fileURLToPath(new URL('./oauth1_provider.py', import.meta.url));
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
      reject(new Error(`the oauthlib provider exited with ${code}: ${stderr.trim()}`)),
    );
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin?.end();
        setTimeout(() => child.kill(), 2000).unref();
      }),
  };
}

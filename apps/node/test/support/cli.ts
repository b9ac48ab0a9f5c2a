// Runs `convene-node` commands (dist/cli.js) as a user would, and reads key files they write.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApiKeyClient } from '@convene/crypto-session';
import type { KeyFile } from '../../src/api-keys/key-material.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** What a command printed, and how it exited. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `convene-node ARGS…`. */
export function runCli(args: readonly string[], cwd?: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd, env: { ...process.env, CONVENE_DATABASE_URL: '' }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Runs a command that must succeed; its standard output. */
export async function mustRun(args: readonly string[], cwd?: string): Promise<string> {
  const result = await runCli(args, cwd);
  if (result.code !== 0)
    throw new Error(`convene-node ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/** A key file written by `api-key create`. */
export const readKey = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as KeyFile;

/**
 * Runs `api-key create --user organizer --out <out>` with `flags` (how to reach the node:
 * `--rpc-endpoint`, `--data-dir`, …), and returns the key file it wrote.
 */
export async function createApiKey(out: string, flags: readonly string[]): Promise<KeyFile> {
  await mustRun(['api-key', 'create', '--user', 'organizer', '--out', out, ...flags]);
  return readKey(out);
}

/** crypto-session's client for a key file, optionally at another node's `/server`. */
export function clientOf(key: KeyFile, serverUrl = key.server_url): ApiKeyClient {
  return new ApiKeyClient({
    serverUrl,
    apiKeyId: key.api_key_id,
    apiKeyPrivateKey: key.api_key_private_key,
    apiKeySecretKey: key.api_key_secret_key,
    serverVerifyKey: key.server_signature,
  });
}

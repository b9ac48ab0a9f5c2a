// A Unix socket in the data dir through which `api-key` commands reach a running node whose
// embedded store they cannot open themselves: one JSON line in, one JSON line out.
import { chmodSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { KeyRegistry } from './key-records.js';

/** The socket's path in a data dir. */
export const controlSocketPath = (dataDir: string) => join(dataDir, 'control.sock');

const OPERATIONS = ['identity', 'hasUser', 'userKeysOf', 'create', 'list', 'revoke'] as const;
type Operation = (typeof OPERATIONS)[number];
/** The most bytes of one request line. */
const MAX_LINE = 64 * 1024;

/**
 * Serves `registry` on the data dir's control socket (owner-only, like the data dir). Resolves to
 * the function that closes it.
 */
export async function serveControlSocket(
  dataDir: string,
  registry: KeyRegistry,
  onError: (error: unknown) => void,
): Promise<() => Promise<void>> {
  const path = controlSocketPath(dataDir);
  rmSync(path, { force: true });
  const server = createServer((socket) => {
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    const onData = (chunk: string) => {
      buffered += chunk;
      if (buffered.length > MAX_LINE) socket.destroy();
      const end = buffered.indexOf('\n');
      if (end === -1) return;
      // One request per connection: what follows the first line is ignored.
      socket.off('data', onData);
      const line = buffered.slice(0, end);
      void answer(registry, line).then(
        (reply) => socket.end(`${JSON.stringify(reply)}\n`),
        (error: unknown) => {
          onError(error);
          socket.end(`${JSON.stringify({ error: 'the node could not do it; see its log' })}\n`);
        },
      );
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      rmSync(path, { force: true });
    });
}

async function answer(registry: KeyRegistry, line: string): Promise<unknown> {
  let request: { op?: unknown; args?: unknown };
  try {
    request = JSON.parse(line) as typeof request;
  } catch {
    return { error: 'not JSON' };
  }
  const op = request.op as Operation;
  if (!OPERATIONS.includes(op) || !Array.isArray(request.args)) return { error: 'unknown request' };
  const run = registry[op] as (...args: unknown[]) => Promise<unknown>;
  return { result: (await run(...request.args)) ?? null };
}

/** The registry of a running node, through its control socket. */
export function controlSocketRegistry(dataDir: string): KeyRegistry {
  const path = controlSocketPath(dataDir);
  const call = (op: Operation, ...args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      const socket = connect(path);
      let text = '';
      socket.setEncoding('utf8');
      socket.on('connect', () => socket.write(`${JSON.stringify({ op, args })}\n`));
      socket.on('data', (chunk: string) => {
        text += chunk;
      });
      socket.on('error', (error) =>
        reject(new ConfigError(`cannot reach the node through ${path}: ${error.message}`)),
      );
      socket.on('end', () => {
        try {
          const reply = JSON.parse(text) as { result?: unknown; error?: string };
          if (reply.error !== undefined)
            reject(new ConfigError(`the node answered: ${reply.error}`));
          else resolve(reply.result ?? undefined);
        } catch {
          reject(new ConfigError(`the node at ${path} closed without an answer`));
        }
      });
    });
  return {
    identity: () => call('identity') as ReturnType<KeyRegistry['identity']>,
    hasUser: (username) => call('hasUser', username) as Promise<boolean>,
    userKeysOf: (id) => call('userKeysOf', id) as ReturnType<KeyRegistry['userKeysOf']>,
    create: async (key) => {
      await call('create', key);
    },
    list: () => call('list') as ReturnType<KeyRegistry['list']>,
    revoke: (id) => call('revoke', id) as Promise<boolean>,
  };
}

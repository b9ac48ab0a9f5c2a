// A node killed with SIGKILL while vault writes stream in loses none it acknowledged.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vaultGet, vaultPut } from '../src/vault/vault-client.js';
import { freshStorage, type NodeStorage, STORAGE_KINDS } from './support/backends.js';
import { createApiKey } from './support/cli.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';

describe.each(STORAGE_KINDS)('vault writes on %s', (kind) => {
  let storage: NodeStorage;
  let node: NodeProcess;

  const start = () =>
    startNodeProcess({
      dataDir: join(storage.dataDir, 'data'),
      ...(storage.databaseUrl ? { databaseUrl: storage.databaseUrl } : {}),
      extraArgs: ['--api-key-logins-per-hour', '100000'],
    });

  beforeAll(async () => {
    storage = await freshStorage(kind);
    node = await start();
  });

  afterAll(async () => {
    await node?.stop();
    await storage?.cleanup();
  });

  it('keeps every acknowledged write through a SIGKILL', async () => {
    const key = await createApiKey(join(storage.dataDir, 'key.json'), [
      '--rpc-endpoint',
      `127.0.0.1:${node.port}`,
      '--data-dir',
      join(storage.dataDir, 'data'),
      ...(storage.databaseUrl ? ['--database-url', storage.databaseUrl] : []),
    ]);
    const acknowledged = new Map<string, string>();
    // The write in flight when the node died: committed or not, its answer never came.
    let unanswered: { name: string; value: string } | undefined;
    let stop = false;
    const writing = (async () => {
      for (let i = 0; !stop; i++) {
        const name = `name-${i % 7}`;
        const value = `value ${i} ${'x'.repeat(i % 50)}`;
        try {
          await vaultPut(key, name, value);
          acknowledged.set(name, value);
        } catch {
          unanswered = { name, value };
          return; // the node is gone: this write was never acknowledged
        }
      }
    })();
    await expect.poll(() => acknowledged.size, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await node.stop('SIGKILL')).toBe('SIGKILL');
    stop = true;
    await writing;
    node = await start();
    const moved = { ...key, server_url: `${node.url}/server` };
    for (const [name, value] of acknowledged) {
      const stored = await vaultGet(moved, name);
      // Only the unanswered write may have replaced the last acknowledged value of its name.
      if (name === unanswered?.name && stored === unanswered.value) continue;
      expect(stored).toBe(value);
    }
  });
});

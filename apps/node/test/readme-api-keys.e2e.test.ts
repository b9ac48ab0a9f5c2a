// The README's three API-key commands work as pasted: the node started as `pnpm start` starts it
// (its build already done by the test setup), a key made, and Psono's flow run with it. Only where
// the node listens and keeps its data, and where the key file goes, are moved to a temporary place.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempDir } from './support/databases.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const commands =
  /^```sh api-key-quickstart\n([\s\S]*?)^```$/m.exec(readme)?.[1]?.split('\n').filter(Boolean) ??
  [];

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const shell = (command: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile('/bin/sh', ['-c', command], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

describe('the README API-key quick start', () => {
  const temp = createTempDir('convene-readme-keys-');
  let node: ChildProcess | undefined;

  afterAll(async () => {
    if (node && node.exitCode === null) {
      node.kill('SIGTERM');
      await once(node, 'exit');
    }
    temp.remove();
  });

  it('is three commands: start the node, make a key, run the flow', () => {
    expect(commands).toHaveLength(3);
    expect(commands[0]).toBe('pnpm start');
  });

  it('makes a key and runs the seed flow against the node as pasted', async () => {
    const port = await freePort();
    const where = ` --rpc-endpoint 127.0.0.1:${port} --data-dir ${join(temp.dir, 'data')}`;
    const keyFile = join(temp.dir, 'key.json');
    // `pnpm start` builds, then runs scripts/start.mjs with the flags given.
    const start = (commands[0] as string).replace('pnpm start', 'node scripts/start.mjs');
    node = spawn('/bin/sh', ['-c', `exec ${start}${where} --log-format json`], {
      cwd: root,
      stdio: 'ignore',
    });
    await expect
      .poll(
        async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.status,
        {
          timeout: 60_000,
          interval: 250,
        },
      )
      .toBe(200);
    const made = await shell(`${(commands[1] as string).replaceAll('key.json', keyFile)}${where}`);
    expect(made.stderr).toBe('');
    expect(made.stdout).toContain('API key');
    const flow = await shell((commands[2] as string).replaceAll('"$PWD/key.json"', keyFile));
    expect(flow.stderr).toBe('');
    // pnpm prints the script's name before its output.
    const output = JSON.parse(flow.stdout.slice(flow.stdout.indexOf('\n{') + 1)) as {
      username: string;
      datastores: unknown[];
      contents: object;
    };
    expect(output.username).toBe('organizer');
    expect(output.datastores).toHaveLength(1);
    expect(Object.values(output.contents)[0]).toMatchObject({ items: [] });
  });
});

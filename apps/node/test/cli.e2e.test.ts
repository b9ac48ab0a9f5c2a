// The command as a newcomer meets it: readable log lines, a failed start explained in one
// sentence without losing the first-run password, and a way to get a new organizer password.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, humanLine } from '../src/logger.js';
import { createTempDir } from './support/databases.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';
import { basic, postRpc } from './support/raw-client.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = promisify(execFile);

/** Runs `convene-node …` to its end: exit code and everything it printed. */
async function convene(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('log lines', () => {
  it('are for people on a terminal and JSON elsewhere', () => {
    const terminal = Object.assign(new PassThrough(), { isTTY: true });
    let written = '';
    terminal.on('data', (chunk: Buffer) => {
      written += chunk.toString();
    });
    createLogger('info', undefined, terminal).info({ storage: 'pglite' }, 'listening on x');
    expect(written).toMatch(/^\d\d:\d\d:\d\d INFO {2}listening on x {2}storage=pglite\n$/);
    const pipe = new PassThrough();
    let piped = '';
    pipe.on('data', (chunk: Buffer) => {
      piped += chunk.toString();
    });
    createLogger('info', undefined, pipe).info({ storage: 'pglite' }, 'listening on x');
    expect(JSON.parse(piped)).toMatchObject({ msg: 'listening on x', storage: 'pglite' });
  });

  it("show an error's message, and its stack only at debug level", () => {
    const entry = JSON.stringify({
      level: 50,
      time: 0,
      msg: 'failed',
      err: { message: 'boom', stack: 'Error: boom\n    at here' },
    });
    expect(humanLine(entry, false)).toMatch(/ERROR failed: boom\n$/);
    expect(humanLine(entry, true)).toContain('    at here');
  });
});

describe('a start that fails, then one that works', () => {
  const temp = createTempDir('convene-cli-');
  let blocker: Server;
  let port: number;
  let node: NodeProcess | undefined;

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as { port: number }).port;
  });

  afterAll(async () => {
    await node?.stop();
    blocker.close();
    temp.remove();
  });

  it('says in one sentence that the port is in use and what to do, without a stack', async () => {
    const failed = await startNodeProcess({
      dataDir: temp.dir,
      extraArgs: ['--rpc-endpoint', `127.0.0.1:${port}`, '--log-format', 'human'],
    }).then(
      () => '',
      (error: Error) => error.message,
    );
    expect(failed).toContain(
      `could not start: port ${port} is in use: stop the other process or pass --rpc-endpoint 127.0.0.1:${port + 1}`,
    );
    expect(failed).toContain('node exited (1)');
    expect(failed).not.toMatch(/\n\s+at /);
    expect(failed).not.toContain('Organizer login');
  });

  it('leaves no half-made access file, so the next start shows the password', async () => {
    expect(existsSync(join(temp.dir, 'api-access.json'))).toBe(false);
    node = await startNodeProcess({ dataDir: temp.dir });
    expect(node.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(existsSync(join(temp.dir, 'api-access.json'))).toBe(true);
  });

  it('organizer-password --reset gives a new password that the running node takes at once', async () => {
    const running = node as NodeProcess;
    const login = (password: string) =>
      postRpc(
        `${running.url}/rpc`,
        '{"jsonrpc":"2.0","method":"call","params":["network_node","get_info",[]],"id":1}',
        basic('organizer', password),
      );
    expect((await login(running.password ?? '')).body?.result).toBeDefined();
    const reset = await convene(['organizer-password', '--reset', '--data-dir', temp.dir]);
    expect(reset.code).toBe(0);
    const fresh = /password "([^"]+)"/.exec(reset.output)?.[1] ?? '';
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(fresh).not.toBe(running.password);
    await expect
      .poll(async () => (await login(fresh)).body?.result, { timeout: 5000 })
      .toBeDefined();
    expect((await login(running.password ?? '')).body?.error?.code).toBe(-32001);
  });

  it('organizer-password without --reset explains that the password is kept as a hash only', async () => {
    const asked = await convene(['organizer-password', '--data-dir', temp.dir]);
    expect(asked.code).toBe(2);
    expect(asked.output).toContain('pass --reset to make a new one');
  });
});

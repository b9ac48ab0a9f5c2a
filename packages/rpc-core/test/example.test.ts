// The example server runs as a program, as its README line says, and serves the documented request.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { post } from './raw-client.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGTERM');
});

describe('examples/graphene-like.ts', () => {
  it('runs as a program on the port in PORT and serves the doc request', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'examples/graphene-like.ts'], {
      cwd: packageDir,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child?.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child?.once('exit', (code) => reject(new Error(`example exited with ${code}`)));
    });
    const answer = await post(
      url,
      '{"jsonrpc": "2.0", "method": "get_accounts", "params": [["1.2.0"]], "id": 1}',
    );
    expect(answer.json).toMatchObject({
      id: 1,
      result: [{ id: '1.2.0', name: 'committee-account' }],
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

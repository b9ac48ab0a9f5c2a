// /server answers only the host names --allowed-hosts lists, as JSON-RPC does (DNS rebinding).
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir } from './support/databases.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';

describe('/server with --allowed-hosts', () => {
  const temp = createTempDir('convene-hosts-');
  let node: NodeProcess;

  beforeAll(async () => {
    node = await startNodeProcess({
      dataDir: temp.dir,
      extraArgs: ['--allowed-hosts', 'localhost'],
    });
  });

  afterAll(async () => {
    await node?.stop();
    temp.remove();
  });

  const statusFor = (host: string, path: string, method = 'GET') =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: node.port,
          path,
          method,
          headers: { host: `${host}:${node.port}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(method === 'POST' ? '{}' : undefined);
    });

  it('answers a listed host and refuses another with 421 on every route', async () => {
    expect(await statusFor('localhost', '/server/info/')).toBe(200);
    expect(await statusFor('evil.example', '/server/info/')).toBe(421);
    expect(await statusFor('evil.example', '/server/api-key/login/', 'POST')).toBe(421);
    expect(await statusFor('evil.example', '/server/rpc', 'POST')).toBe(421);
  });
});

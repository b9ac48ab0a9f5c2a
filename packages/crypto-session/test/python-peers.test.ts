// Our client and server against independent PyNaCl peers over real HTTP: a Python client written
// after Psono's example plays against our server, and our client against a Python server — with
// the curves on the platform's WebCrypto and on @noble/curves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CurveEngine, useCurveEngine } from '../src/curves.ts';
import { ApiKeyClient, fromHex, secretboxOpen } from '../src/index.ts';
import { runExample } from './support/example.ts';
import { writeJsonFile } from './support/files.ts';
import { type RunningServer, startServer } from './support/node-server.ts';
import { createWorld } from './support/psono-world.ts';
import { requirePyNaCl, runPeer, startPeerServer } from './support/python.ts';

const world = createWorld();
beforeAll(() => requirePyNaCl());

function pynaclClientAgainstOurServer() {
  let running: RunningServer;
  let config: ReturnType<typeof writeJsonFile>;
  beforeAll(async () => {
    running = await startServer(world);
    config = writeJsonFile({
      server_url: running.url,
      api_key_id: world.apiKeyId,
      api_key_private_key: world.apiKeyPrivateKey,
      api_key_secret_key: world.apiKeySecretKey,
      server_public_key: world.serverPublicKey,
      server_signature: world.serverVerifyKey,
    });
  });
  afterAll(async () => {
    config.remove();
    await running.close();
  });

  it('logs in, verifies, decrypts, reads, echoes and logs out', async () => {
    const { code, stdout, stderr } = await runPeer('psono_client.py', [config.path]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.username).toBe(world.username);
    expect(result.user_private_key).toBe(world.userPrivateKey);
    expect(result.user_secret_key).toBe(world.userSecretKey);
    expect(result.datastores).toEqual(world.datastoreList);
    expect(result.content).toEqual(world.datastoreContent);
    expect(result.secret).toEqual(world.secretContent);
    expect(result.echo).toEqual({ echo: { from: 'python', n: [1, 2] } });
    expect(result.logout).toEqual({ success: 'Successfully logged out.' });
    expect(result.after_logout.status).toBe(401);
    expect(result.after_logout.body.code).toBe('ERR_UNAUTHENTICATED');
  });
}

/** A PyNaCl server holding `world`, started before the enclosing block's tests, stopped after. */
function pyNaClServer(): { readonly url: string } {
  let server: Awaited<ReturnType<typeof startPeerServer>>;
  let file: ReturnType<typeof writeJsonFile>;
  beforeAll(async () => {
    file = writeJsonFile(world);
    server = await startPeerServer('psono_server.py', [file.path]);
  });
  afterAll(async () => {
    await server.stop();
    file.remove();
  });
  return {
    get url() {
      return server.url;
    },
  };
}

function ourClientAgainstPyNaClServer() {
  const peer = pyNaClServer();

  it('logs in, opens every box and secretbox the server made, and logs out', async () => {
    const client = new ApiKeyClient({
      serverUrl: `${peer.url}/server`,
      apiKeyId: world.apiKeyId,
      apiKeyPrivateKey: world.apiKeyPrivateKey,
      apiKeySecretKey: world.apiKeySecretKey,
      serverVerifyKey: world.serverVerifyKey,
    });
    const session = await client.login();
    expect(session.state.userKeys).toEqual({
      privateKey: world.userPrivateKey,
      secretKey: world.userSecretKey,
    });
    expect(await session.request('GET', '/datastore/')).toEqual(world.datastoreList);
    const [listed] = world.datastoreList.datastores;
    const datastore = (await session.request('GET', `/datastore/${listed?.id}/`)) as Record<
      string,
      string
    >;
    const datastoreKey = secretboxOpen(
      fromHex(datastore.secret_key, 'k'),
      fromHex(datastore.secret_key_nonce, 'n'),
      fromHex(world.userSecretKey, 'u'),
      'datastore key',
    );
    expect(new TextDecoder().decode(datastoreKey)).toMatch(/^[0-9a-f]{64}$/);
    expect(await session.request('POST', '/echo/', { from: 'node' })).toEqual({
      echo: { from: 'node' },
    });
    await client.logout(session);
    await expect(session.request('GET', '/datastore/')).rejects.toMatchObject({
      code: 'ERR_HTTP',
      httpStatus: 401,
    });
  });
}

for (const engine of ['webcrypto', 'noble'] satisfies CurveEngine[]) {
  describe(`curves on ${engine}`, () => {
    beforeAll(() => useCurveEngine(engine));
    afterAll(() => useCurveEngine());
    describe('a PyNaCl client against our server', pynaclClientAgainstOurServer);
    describe('our client against a PyNaCl server', ourClientAgainstPyNaClServer);
  });
}

describe('the example command and key pinning against a PyNaCl server', () => {
  const peer = pyNaClServer();

  it('serves the example command, which reads contents and a secret from it', async () => {
    const config = writeJsonFile({
      server_url: `${peer.url}/server`,
      api_key_id: world.apiKeyId,
      api_key_private_key: world.apiKeyPrivateKey,
      api_key_secret_key: world.apiKeySecretKey,
      server_public_key: world.serverPublicKey,
      server_signature: world.serverVerifyKey,
    });
    try {
      const { code, stdout } = await runExample([config.path, '--read-contents', '--logout']);
      expect(code).toBe(0);
      const output = JSON.parse(stdout);
      expect(output.datastores).toEqual(world.datastoreList.datastores);
      expect(Object.values(output.contents)).toEqual([world.datastoreContent]);
      expect(output.secret.content).toEqual(world.secretContent);
    } finally {
      config.remove();
    }
  });

  it('refuses the Python server when another server key is pinned', async () => {
    const client = new ApiKeyClient({
      serverUrl: `${peer.url}/server`,
      apiKeyId: world.apiKeyId,
      apiKeyPrivateKey: world.apiKeyPrivateKey,
      serverVerifyKey: world.apiKeyVerifyKey,
    });
    await expect(client.login()).rejects.toMatchObject({ code: 'ERR_SIGNATURE_INVALID' });
  });
});

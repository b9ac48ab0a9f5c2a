// The example command run as a user runs it, against our server over real HTTP: its JSON on
// stdout, its session reused from the sealed cache file, and its exit code for each failure.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runExample } from './support/example.ts';
import { writeJsonFile } from './support/files.ts';
import { listen } from './support/http.ts';
import { type RunningServer, startServer } from './support/node-server.ts';
import { createWorld } from './support/psono-world.ts';

const world = createWorld();
let running: RunningServer;
let files: ReturnType<typeof writeJsonFile>;

function configFor(overrides: Record<string, string> = {}): string {
  const path = join(dirname(files.path), `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      server_url: running.url,
      api_key_id: world.apiKeyId,
      api_key_private_key: world.apiKeyPrivateKey,
      api_key_secret_key: world.apiKeySecretKey,
      server_public_key: world.serverPublicKey,
      server_signature: world.serverVerifyKey,
      ...overrides,
    }),
  );
  return path;
}

beforeAll(async () => {
  running = await startServer(world);
  files = writeJsonFile({});
});
afterAll(async () => {
  files.remove();
  await running.close();
});

describe('examples/api-key-with-session.ts', () => {
  beforeEach(async () => {
    await running.server.endSessions({ apiKeyId: world.apiKeyId });
  });

  it('prints the datastore list as JSON', async () => {
    const { code, stdout } = await runExample([configFor()]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      username: world.username,
      datastores: world.datastoreList.datastores,
    });
  });

  it('with --read-contents prints each datastore content and one secret', async () => {
    const { code, stdout } = await runExample([configFor(), '--read-contents', '--logout']);
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    const [datastore] = world.datastoreList.datastores;
    expect(output.contents[datastore?.id as string]).toEqual(world.datastoreContent);
    expect(output.secret.content).toEqual(world.secretContent);
    expect(await running.server.listSessions({ apiKeyId: world.apiKeyId })).toHaveLength(0);
  });

  it('reuses its session from a sealed cache file across runs', async () => {
    const cache = join(dirname(files.path), 'sessions.json');
    const config = configFor();
    expect((await runExample([config, '--session-cache', cache])).code).toBe(0);
    expect((await runExample([config, '--session-cache', cache])).code).toBe(0);
    expect(await running.server.listSessions({ apiKeyId: world.apiKeyId })).toHaveLength(1);
    const stored = readFileSync(cache, 'utf8');
    expect(Object.keys(JSON.parse(stored)).sort()).toEqual(['nonce', 'text']);
    const [session] = await running.server.listSessions({ apiKeyId: world.apiKeyId });
    expect(stored).not.toContain(session?.id.slice(0, 16));
    await running.server.endSessions({ apiKeyId: world.apiKeyId });
    expect((await runExample([config, '--session-cache', cache, '--logout'])).code).toBe(0);
    expect(await running.server.listSessions({ apiKeyId: world.apiKeyId })).toHaveLength(0);
  });

  it('exits 4 when the server signature does not match the pinned key', async () => {
    const { code, stderr } = await runExample([
      configFor({ server_signature: world.apiKeyVerifyKey }),
    ]);
    expect(code).toBe(4);
    expect(stderr).toMatch(/^ERR_SIGNATURE_INVALID: /);
  });

  it('exits 5 when the user keys do not decrypt', async () => {
    const { code, stderr } = await runExample([configFor({ api_key_secret_key: '00'.repeat(32) })]);
    expect(code).toBe(5);
    expect(stderr).toMatch(/^ERR_TAMPERED: /);
  });

  it('exits 3 when the server cannot be reached', async () => {
    const closed = await listen(() => {});
    await closed.close();
    const { code, stderr } = await runExample([configFor({ server_url: closed.url })]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/^ERR_HTTP: /);
  });

  it('exits 6 when the server breaks the protocol', async () => {
    const plain = await listen((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(request.url?.includes('login') ? '{"login_info":"zz"}' : '{}');
    });
    try {
      const { code, stderr } = await runExample([configFor({ server_url: plain.url })]);
      expect(code).toBe(6);
      expect(stderr).toMatch(/^ERR_MALFORMED: /);
    } finally {
      await plain.close();
    }
  });

  it('exits 2 with a usage line without a config', async () => {
    const { code, stderr } = await runExample([]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^usage: /);
  });
});

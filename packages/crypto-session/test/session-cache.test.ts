// Client session caches: the memory engine and the sealed file engine, and the client reusing a
// live session from either instead of logging in again.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiKeyClient,
  MemorySessionCache,
  randomBytes,
  type SessionCache,
  type SessionState,
} from '../src/index.ts';
import { deriveCacheKey, FileSessionCache } from '../src/node.ts';
import { writeJsonFile } from './support/files.ts';
import { type RunningServer, startServer } from './support/node-server.ts';
import { createWorld } from './support/psono-world.ts';

const world = createWorld();
let running: RunningServer;
let folder: ReturnType<typeof writeJsonFile>;
beforeAll(async () => {
  running = await startServer(world);
  folder = writeJsonFile({});
});
afterAll(async () => {
  folder.remove();
  await running.close();
});

const state: SessionState = {
  serverUrl: 'http://127.0.0.1:1/server',
  token: 'ab'.repeat(64),
  sessionSecretKey: 'cd'.repeat(32),
  validTill: new Date(Date.now() + 60_000).toISOString(),
  username: 'alice',
  userPublicKey: 'ef'.repeat(32),
  restrictToSecrets: false,
};

const engines: [string, () => SessionCache][] = [
  ['MemorySessionCache', () => new MemorySessionCache()],
  [
    'FileSessionCache',
    () =>
      new FileSessionCache({
        path: join(folder.path, '..', `cache-${Math.random()}.json`),
        key: randomBytes(32),
      }),
  ],
];

for (const [name, make] of engines) {
  describe(name, () => {
    it('gets what was set, until deleted', async () => {
      const cache = make();
      expect(await cache.get('k')).toBeUndefined();
      await cache.set('k', state);
      await cache.set('other', { ...state, username: 'bob' });
      expect(await cache.get('k')).toEqual(state);
      await cache.delete('k');
      expect(await cache.get('k')).toBeUndefined();
      expect((await cache.get('other'))?.username).toBe('bob');
    });

    it('lets a client reuse a live session instead of logging in', async () => {
      const cache = make();
      const options = {
        serverUrl: running.url,
        apiKeyId: world.apiKeyId,
        apiKeyPrivateKey: world.apiKeyPrivateKey,
        apiKeySecretKey: world.apiKeySecretKey,
        serverVerifyKey: world.serverVerifyKey,
        cache,
      };
      await running.server.endSessions({ apiKeyId: world.apiKeyId });
      const first = await new ApiKeyClient(options).session();
      const second = await new ApiKeyClient(options).session();
      expect(second.state.token).toBe(first.state.token);
      expect(await second.request('GET', '/datastore/')).toEqual(world.datastoreList);
      expect(await running.server.listSessions({ apiKeyId: world.apiKeyId })).toHaveLength(1);
      await new ApiKeyClient(options).logout(second);
      const third = await new ApiKeyClient(options).session();
      expect(third.state.token).not.toBe(first.state.token);
    });
  });
}

describe('ApiKeyClient.withSession', () => {
  it('logs in again when the cached session was ended on the server', async () => {
    const options = {
      serverUrl: running.url,
      apiKeyId: world.apiKeyId,
      apiKeyPrivateKey: world.apiKeyPrivateKey,
      serverVerifyKey: world.serverVerifyKey,
      cache: new MemorySessionCache(),
    };
    const first = await new ApiKeyClient(options).login();
    await running.server.endSessions({ apiKeyId: world.apiKeyId });
    const tokens: string[] = [];
    const listing = await new ApiKeyClient(options).withSession(async (session) => {
      tokens.push(session.state.token);
      return session.request('GET', '/datastore/');
    });
    expect(listing).toEqual(world.datastoreList);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(first.state.token);
    expect(tokens[1]).not.toBe(first.state.token);
  });

  it('does not retry a fresh session refused by the server', async () => {
    const client = new ApiKeyClient({
      serverUrl: running.url,
      apiKeyId: world.apiKeyId,
      apiKeyPrivateKey: world.apiKeyPrivateKey,
      serverVerifyKey: world.serverVerifyKey,
    });
    let runs = 0;
    await expect(
      client.withSession(async (session) => {
        runs++;
        await running.server.endSessions({ apiKeyId: world.apiKeyId });
        return session.request('GET', '/datastore/');
      }),
    ).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    expect(runs).toBe(1);
  });
});

describe('FileSessionCache at rest', () => {
  it('writes only a sealed body, readable by its owner alone', async () => {
    const path = join(folder.path, '..', 'sealed.json');
    const cache = new FileSessionCache({ path, key: deriveCacheKey(world.apiKeyPrivateKey) });
    await cache.set('k', state);
    const text = readFileSync(path, 'utf8');
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(['nonce', 'text']);
    expect(text).not.toContain(state.token);
    expect(text).not.toContain(state.sessionSecretKey);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('reads as empty under another key, then overwrites', async () => {
    const path = join(folder.path, '..', 'rekeyed.json');
    await new FileSessionCache({ path, key: randomBytes(32) }).set('k', state);
    const other = new FileSessionCache({ path, key: randomBytes(32) });
    expect(await other.get('k')).toBeUndefined();
    await other.set('j', state);
    expect(await other.get('j')).toEqual(state);
  });

  it('derives different keys from different API keys', () => {
    expect(deriveCacheKey('11'.repeat(32))).not.toEqual(deriveCacheKey('22'.repeat(32)));
    expect(() => deriveCacheKey('11')).toThrow(RangeError);
  });
});

// One contract every SessionStore passes — in memory, PGlite, a real PostgreSQL and a real
// Redis — and what a dump of a store reveals after real logins: nothing usable.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiKeyClient,
  MemorySessionStore,
  type SessionStore,
  type StoredSession,
} from '../src/index.ts';
import { PostgresSessionStore } from '../src/postgres.ts';
import { RedisSessionStore } from '../src/redis.ts';
import { createPostgresDatabase, startRedis } from './support/databases.ts';
import { startServer } from './support/node-server.ts';
import { createWorld } from './support/psono-world.ts';

interface Backend {
  name: string;
  /** `dump` shows all a store holds (the memory store: every session of `userId`). */
  open: () => Promise<{
    store: SessionStore;
    dump: (userId: string) => Promise<string>;
    close: () => Promise<void>;
  }>;
}

const backends: Backend[] = [
  {
    name: 'MemorySessionStore',
    open: async () => {
      const store = new MemorySessionStore();
      return {
        store,
        dump: async (userId) => JSON.stringify(await store.list({ userId })),
        close: async () => {},
      };
    },
  },
  {
    name: 'PostgresSessionStore on PGlite',
    open: async () => {
      const db = new PGlite();
      const store = new PostgresSessionStore({ db });
      await store.migrate();
      return {
        store,
        dump: async () =>
          JSON.stringify([
            (await db.query('SELECT * FROM crypto_session_sessions')).rows,
            (await db.query('SELECT * FROM crypto_session_memory')).rows,
          ]),
        close: () => db.close(),
      };
    },
  },
  {
    name: 'PostgresSessionStore on PostgreSQL',
    open: async () => {
      const { pool, drop } = await createPostgresDatabase();
      const store = new PostgresSessionStore({ db: pool, tablePrefix: 'auth_' });
      await store.migrate();
      await store.migrate();
      return {
        store,
        dump: async () =>
          JSON.stringify([
            (await pool.query('SELECT * FROM auth_sessions')).rows,
            (await pool.query('SELECT * FROM auth_memory')).rows,
          ]),
        close: drop,
      };
    },
  },
  {
    name: 'RedisSessionStore on redis-server',
    open: async () => {
      const redis = await startRedis();
      const store = new RedisSessionStore({ command: (args) => redis.client.sendCommand(args) });
      return {
        store,
        dump: async () => {
          const keys = await redis.client.keys('*');
          const values: unknown[] = [keys];
          for (const key of keys) {
            const type = await redis.client.type(key);
            if (type === 'hash') values.push(await redis.client.hGetAll(key));
            else if (type === 'set') values.push(await redis.client.sMembers(key));
            else values.push(await redis.client.get(key));
          }
          return JSON.stringify(values);
        },
        close: redis.stop,
      };
    },
  },
];

function session(id: string, overrides: Partial<StoredSession> = {}): StoredSession {
  const now = Date.now();
  return {
    id,
    userId: 'u1',
    apiKeyId: 'k1',
    deviceDescription: 'test',
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + 60_000,
    clientTime: null,
    validatorRequired: false,
    restrictToSecrets: false,
    read: true,
    write: false,
    sealed: 'ab',
    ...overrides,
  };
}

for (const backend of backends) {
  describe(backend.name, () => {
    let opened: Awaited<ReturnType<Backend['open']>>;
    let store: SessionStore;
    beforeAll(async () => {
      opened = await backend.open();
      store = opened.store;
    });
    afterAll(() => opened.close());

    it('gets what it inserted, and nothing for an unknown id', async () => {
      const s = session('a1');
      await store.insert(s);
      expect(await store.get('a1')).toEqual(s);
      expect(await store.get('missing')).toBeUndefined();
    });

    it('touches lastSeenAt of a stored session only', async () => {
      await store.insert(session('a2'));
      await store.touch('a2', 12345);
      expect((await store.get('a2'))?.lastSeenAt).toBe(12345);
      await store.touch('ghost', 1);
      expect(await store.get('ghost')).toBeUndefined();
    });

    it('deletes a session once', async () => {
      await store.insert(session('a3'));
      expect(await store.delete('a3')).toBe(true);
      expect(await store.get('a3')).toBeUndefined();
      expect(await store.delete('a3')).toBe(false);
    });

    it('lists and ends the sessions of a user or of a key, oldest first', async () => {
      const t = Date.now();
      await store.insert(session('b1', { userId: 'u2', apiKeyId: 'k2', createdAt: t }));
      await store.insert(session('b2', { userId: 'u2', apiKeyId: 'k3', createdAt: t + 1 }));
      await store.insert(session('b3', { userId: 'u3', apiKeyId: 'k2', createdAt: t + 2 }));
      expect((await store.list({ userId: 'u2' })).map((s) => s.id)).toEqual(['b1', 'b2']);
      expect((await store.list({ apiKeyId: 'k2' })).map((s) => s.id)).toEqual(['b1', 'b3']);
      expect((await store.list({ userId: 'u2', apiKeyId: 'k2' })).map((s) => s.id)).toEqual(['b1']);
      expect(await store.deleteMany({ apiKeyId: 'k2' })).toBe(2);
      expect((await store.list({ userId: 'u2' })).map((s) => s.id)).toEqual(['b2']);
      expect(await store.deleteMany({ userId: 'u2' })).toBe(1);
      expect(await store.list({ userId: 'u2' })).toEqual([]);
    });

    it('refuses a filter naming neither a user nor a key', async () => {
      await expect(store.list({} as never)).rejects.toThrow(TypeError);
    });

    it('remembers a key once until it expires', async () => {
      const until = Date.now() + 60_000;
      expect(await store.remember('login:k1:aa', until)).toBe(true);
      expect(await store.remember('login:k1:aa', until)).toBe(false);
      expect(await store.remember('login:k1:bb', until)).toBe(true);
    });

    it('answers true to exactly one of many concurrent remembers', async () => {
      const until = Date.now() + 60_000;
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => store.remember('race', until)),
      );
      expect(answers.filter(Boolean)).toHaveLength(1);
    });

    it('forgets an expired key', async () => {
      expect(await store.remember('short', Date.now() + 30)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(await store.remember('short', Date.now() + 60_000)).toBe(true);
    });

    it('forgets the keys of a session when the session is deleted', async () => {
      await store.insert(session('c1'));
      const until = Date.now() + 60_000;
      expect(await store.remember('nonce:c1:01', until, 'c1')).toBe(true);
      expect(await store.remember('nonce:c1:01', until, 'c1')).toBe(false);
      await store.delete('c1');
      expect(await store.remember('nonce:c1:01', until, 'c1')).toBe(true);
    });

    it('holds neither token nor transport key after real logins, and cannot be replayed', async () => {
      const world = createWorld();
      const running = await startServer(world, { store });
      try {
        const client = new ApiKeyClient({
          serverUrl: running.url,
          apiKeyId: world.apiKeyId,
          apiKeyPrivateKey: world.apiKeyPrivateKey,
          apiKeySecretKey: world.apiKeySecretKey,
          serverVerifyKey: world.serverVerifyKey,
          deviceFingerprint: 'fingerprint-7f3a',
        });
        const live = await client.login();
        expect(await live.request('GET', '/datastore/')).toEqual(world.datastoreList);
        const dump = await opened.dump(world.userId);
        expect(dump).toContain(world.userId);
        for (const secret of [live.state.token, live.state.sessionSecretKey, 'fingerprint-7f3a']) {
          expect(dump).not.toContain(secret);
          expect(dump.toUpperCase()).not.toContain(secret.toUpperCase());
        }
        const [stored] = await running.server.listSessions({ userId: world.userId });
        const replay = await fetch(`${running.url}/datastore/`, {
          headers: { authorization: `Token ${stored?.id}` },
        });
        expect(replay.status).toBe(401);
      } finally {
        await running.close();
      }
    });
  });
}

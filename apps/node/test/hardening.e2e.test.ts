// The node attacked as an outsider would: hostile text, many subscriptions, a throttled login,
// malformed request targets, a lost LISTEN connection, a loose umask.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConferenceEvent, Talk } from '../src/model.js';
import { freshStorage, type NodeStorage } from './support/backends.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';
import { basic, postRpc, RawClient, rawHttp, resultOf } from './support/raw-client.js';

/** Every path under `dir` with its permission bits. */
function modes(dir: string): { path: string; mode: number; directory: boolean }[] {
  const found = [{ path: dir, mode: statSync(dir).mode & 0o777, directory: true }];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory() || entry.isFile()) {
      found.push({ path, mode: statSync(path).mode & 0o777, directory: entry.isDirectory() });
    }
  }
  return found;
}

/** A WebSocket from a chosen loopback address (127.0.0.2, 127.0.0.3 … all reach the node). */
async function openFrom(url: string, localAddress: string): Promise<RawClient> {
  return RawClient.open(url, { localAddress });
}

describe('the node under attack (embedded store, umask 000)', () => {
  let storage: NodeStorage;
  let node: NodeProcess;
  let client: RawClient;
  let event: ConferenceEvent;
  let organizer: Record<string, string>;

  beforeAll(async () => {
    storage = await freshStorage('pglite');
    const config = join(storage.dataDir, 'node.json');
    writeFileSync(
      config,
      JSON.stringify({
        limits: {
          maxSubscriptionsPerConnection: 5,
          maxSubscriptionsPerAddress: 8,
          maxSubscriptions: 12,
        },
      }),
    );
    node = await startNodeProcess({
      dataDir: join(storage.dataDir, 'data'),
      umask: 0,
      extraArgs: ['--config', config, '--allowed-origins', 'https://app.example'],
    });
    organizer = basic('organizer', node.password ?? '');
    client = await RawClient.open(node.wsUrl);
    [event] = (await client.result<ConferenceEvent[]>(0, 'get_events')) as [ConferenceEvent];
  });

  afterAll(async () => {
    client?.close();
    await node?.stop();
    await storage?.cleanup();
  });

  describe('the data directory', () => {
    it('holds owner-only folders (0700) and files (0600), whatever the umask', () => {
      const found = modes(join(storage.dataDir, 'data'));
      expect(found.filter((f) => !f.directory).length).toBeGreaterThan(100);
      expect(found.filter((f) => f.path.endsWith('pg_control'))).toHaveLength(1);
      const loose = found.filter((f) => f.mode !== (f.directory ? 0o700 : 0o600));
      expect(loose).toEqual([]);
    });
  });

  describe('text that calendar files cannot carry', () => {
    const create = (talk: Record<string, unknown>) =>
      postRpc(
        `${node.url}/rpc`,
        JSON.stringify({
          jsonrpc: '2.0',
          method: 'call',
          params: ['organizer', 'create_talk', [event.id, talk]],
          id: 1,
        }),
        organizer,
      );
    const talk = {
      title: 'Fine',
      starts_at: '2027-05-14T09:00:00Z',
      ends_at: '2027-05-14T10:00:00Z',
    };

    it.each([
      ['a title with U+0001', { title: 'Bell\u0001' }, 'talk.title', 'U+0001'],
      ['an abstract with U+FFFE', { abstract: 'x\ufffe' }, 'talk.abstract', 'U+FFFE'],
      ['a track with NUL', { track: 'a\u0000b' }, 'talk.track', 'U+0000'],
      ['an unpaired surrogate', { abstract: 'x\ud800y' }, 'talk.abstract', 'U+D800'],
    ])(
      'refuses %s with -32602 naming the field and the character',
      async (_, patch, field, code) => {
        const answer = await create({ ...talk, ...patch });
        expect(answer.body?.error).toMatchObject({ code: -32602, data: { field } });
        expect(answer.body?.error?.message).toContain(code);
      },
    );

    it('refuses an end time whose offset carries UTC past year 9999', async () => {
      const answer = await create({ ...talk, ends_at: '9999-12-31T23:00:00-05:00' });
      expect(answer.body?.error).toMatchObject({ code: -32602, data: { field: 'talk.ends_at' } });
    });

    it('keeps tabs, newlines and emoji, and every export keeps working', async () => {
      const created = resultOf<Talk>(
        await create({ ...talk, abstract: 'Line one\r\n\tLine two 😀', title: 'Ünïcode ✓' }),
      );
      expect(created.abstract).toBe('Line one\r\n\tLine two 😀');
      for (const extension of ['ics', 'xcs', 'jcs']) {
        const response = await fetch(`${node.url}/events/${event.id}/calendar.${extension}`);
        expect(response.status).toBe(200);
        expect(await response.text()).toContain('Ünïcode ✓');
      }
    });
  });

  describe('subscription caps', () => {
    const subscribe = (socket: RawClient, callback: number) =>
      socket.call(0, 'set_subscribe_callback', [callback, event.id]);

    it('per connection, per address and in total, each error naming its limit', async () => {
      const first = await openFrom(node.wsUrl, '127.0.0.2');
      const second = await openFrom(node.wsUrl, '127.0.0.2');
      const third = await openFrom(node.wsUrl, '127.0.0.3');
      try {
        for (let i = 0; i < 5; i++) expect((await subscribe(first, i)).error).toBeUndefined();
        expect((await subscribe(first, 5)).error).toMatchObject({
          code: -32002,
          data: { limit: 'maxSubscriptionsPerConnection', max: 5 },
        });
        // Replacing a callback id is not a new subscription.
        expect((await subscribe(first, 4)).error).toBeUndefined();
        for (let i = 0; i < 3; i++) expect((await subscribe(second, i)).error).toBeUndefined();
        expect((await subscribe(second, 3)).error).toMatchObject({
          code: -32002,
          data: { limit: 'maxSubscriptionsPerAddress', max: 8 },
        });
        for (let i = 0; i < 4; i++) expect((await subscribe(third, i)).error).toBeUndefined();
        expect((await subscribe(third, 4)).error).toMatchObject({
          code: -32002,
          data: { limit: 'maxSubscriptions', max: 12 },
        });
        // Room comes back when subscriptions end.
        expect(await first.result(0, 'cancel_subscribe_callback', [0])).toBe(true);
        expect((await subscribe(third, 4)).error).toBeUndefined();
      } finally {
        for (const socket of [first, second, third]) socket.close();
      }
    });

    it('frees the room of a connection that leaves', async () => {
      const leaving = await openFrom(node.wsUrl, '127.0.0.4');
      for (let i = 0; i < 5; i++) await subscribe(leaving, i);
      const closed = new Promise((resolve) => leaving.socket.once('close', resolve));
      leaving.close();
      await closed;
      const staying = await openFrom(node.wsUrl, '127.0.0.5');
      try {
        await expect.poll(async () => (await subscribe(staying, 1)).error).toBeUndefined();
      } finally {
        staying.close();
      }
    });
  });

  describe('the calendar route and a throttled login', () => {
    it('answers 429 with Retry-After, not 401, to the right password while throttled', async () => {
      const calendar = `${node.url}/events/${event.id}/calendar.ics`;
      for (let i = 0; i < 12; i++) {
        await fetch(calendar, { headers: basic('organizer', `wrong-${i}`) });
      }
      const response = await fetch(calendar, { headers: organizer });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    });
  });

  describe('requests a browser sends for another site', () => {
    const body = '{"jsonrpc":"2.0","method":"get_events","params":[],"id":1}';

    it('refuses a POST from a foreign Origin, whatever its content type, with 403', async () => {
      for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
        const answer = await postRpc(`${node.url}/rpc`, body, {
          'content-type': type,
          origin: 'https://evil.example',
        });
        expect(answer.status).toBe(403);
      }
    });

    it('serves origins allowed by --allowed-origins, and requests without an Origin', async () => {
      const allowed = await postRpc(`${node.url}/rpc`, body, { origin: 'https://app.example' });
      expect(allowed.status).toBe(200);
      const curl = await postRpc(`${node.url}/rpc`, body, {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(curl.status).toBe(200);
    });

    it('refuses a WebSocket upgrade from a foreign Origin', async () => {
      await expect(RawClient.open(node.wsUrl, { origin: 'https://evil.example' })).rejects.toThrow(
        /HTTP 403/,
      );
      const allowed = await RawClient.open(node.wsUrl, { origin: 'https://app.example' });
      allowed.close();
    });
  });

  describe('malformed request targets', () => {
    it('answers GET http://[/health with 400, and keeps serving', async () => {
      const status = await rawHttp(
        node.url,
        `GET http://[/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      );
      expect(status).toBe(400);
      expect((await fetch(`${node.url}/health`)).status).toBe(200);
    });
  });
});

describe('a lost LISTEN connection (PostgreSQL)', () => {
  let storage: NodeStorage;
  let node: NodeProcess;

  beforeAll(async () => {
    storage = await freshStorage('postgresql');
    node = await startNodeProcess(storage);
  });

  afterAll(async () => {
    await node?.stop();
    await storage?.cleanup();
  });

  it('tells subscribers to read their event again once it is back', async () => {
    const client = await RawClient.open(node.wsUrl);
    try {
      const [event] = (await client.result<ConferenceEvent[]>(0, 'get_events')) as [
        ConferenceEvent,
      ];
      await client.result(0, 'set_subscribe_callback', [7, event.id]);
      const admin = new pg.Client({ connectionString: storage.databaseUrl });
      await admin.connect();
      try {
        const { rowCount } = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
        );
        expect(rowCount).toBe(1);
      } finally {
        await admin.end();
      }
      const notice = await client.waitFor((m) => m.method === 'notice');
      expect(notice.params).toEqual([7, [{ kind: 'refetch', event_id: event.id }]]);
    } finally {
      client.close();
    }
  });
});

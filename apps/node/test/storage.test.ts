// Storage on both PostgreSQLs: schema, reads, writes and their changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConference } from '../src/demo.js';
import { InvalidInputError, NotFoundError } from '../src/errors.js';
import type { Change } from '../src/model.js';
import type { Database } from '../src/storage/database.js';
import { importConference } from '../src/storage/import-conference.js';
import { migrate, migrations } from '../src/storage/migrations.js';
import { openDatabase } from '../src/storage/open.js';
import {
  selectEvents,
  selectRooms,
  selectSpeakers,
  selectTalks,
  selectTickets,
} from '../src/storage/read-queries.js';
import { Store } from '../src/storage/store.js';
import {
  deleteTicket,
  insertTalk,
  insertTicket,
  reorderTickets,
  roomWrites,
  setTalkSpeakers,
  updateTalk,
} from '../src/storage/write-queries.js';
import { createServerDatabase, createTempDir } from './support/databases.js';

interface Backend {
  db: Database;
  url?: string;
  cleanup: () => Promise<void>;
}

const backends: Record<string, () => Promise<Backend>> = {
  pglite: async () => {
    const temp = createTempDir();
    const db = await openDatabase({ dataDir: temp.dir });
    return { db, cleanup: async () => temp.remove() };
  },
  postgresql: async () => {
    const server = await createServerDatabase();
    const db = await openDatabase({ dataDir: '', databaseUrl: server.url });
    return { db, url: server.url, cleanup: server.drop };
  },
};

for (const [kind, open] of Object.entries(backends)) {
  describe(`storage on ${kind}`, () => {
    let backend: Backend;
    let store: Store;
    let eventId: string;
    const committed: Change[] = [];

    beforeAll(async () => {
      backend = await open();
      const result = await migrate(backend.db, async (tx) => {
        eventId = await importConference(tx, demoConference());
      });
      expect(result).toEqual({ applied: migrations.map((m) => m.version), fresh: true });
      store = new Store(backend.db, 'node-a', (changes) => committed.push(...changes));
    });

    afterAll(async () => {
      await backend?.db.close();
      await backend?.cleanup();
    });

    it('migrates once: a second run applies nothing and is not fresh', async () => {
      expect(backend.db.kind).toBe(kind);
      expect(await migrate(backend.db)).toEqual({ applied: [], fresh: false });
    });

    it('holds the demo conference: two days, four rooms, 120 talks by start, three tickets', async () => {
      const [event] = await selectEvents(backend.db);
      expect(event?.name).toMatch(/Demo/);
      expect(await selectRooms(backend.db, eventId)).toHaveLength(4);
      const talks = await selectTalks(backend.db, eventId);
      expect(talks).toHaveLength(120);
      const starts = talks.map((talk) => talk.starts_at);
      expect([...starts].sort()).toEqual(starts);
      expect(new Set(starts.map((start) => start.slice(0, 10))).size).toBe(2);
      expect(talks.every((talk) => talk.speaker_ids.length >= 1)).toBe(true);
      const speakers = await selectSpeakers(backend.db, eventId);
      expect(speakers.length).toBeGreaterThan(50);
      expect(speakers.some((speaker) => speaker.talk_ids.length > 1)).toBe(true);
      const tickets = await selectTickets(backend.db, eventId);
      expect(tickets.map((ticket) => [ticket.name, ticket.position])).toEqual([
        ['Standard', 1],
        ['Student', 2],
        ['Supporter', 3],
      ]);
    });

    it('rejects a talk outside its event, in a room of another event, and names the field', async () => {
      const other = await store.write(async (tx) => {
        const written = await insertTicket(tx, eventId, {
          name: 'Day pass',
          price_cents: 100,
          currency: 'EUR',
        });
        return written;
      });
      expect(other).toMatch(/^\d+$/);
      await expect(
        store.write((tx) =>
          insertTalk(tx, eventId, {
            title: 'Too early',
            starts_at: '2020-01-01T10:00:00Z',
            ends_at: '2020-01-01T11:00:00Z',
          }),
        ),
      ).rejects.toThrow(InvalidInputError);
      await expect(
        store.write((tx) =>
          insertTalk(tx, eventId, {
            title: 'Nowhere',
            room_id: '999999',
            starts_at: '2027-05-14T09:00:00Z',
            ends_at: '2027-05-14T09:30:00Z',
          }),
        ),
      ).rejects.toThrow(/talk\.room_id: no room with id "999999"/);
      await expect(store.write((tx) => updateTalk(tx, '999999', { title: 'x' }))).rejects.toThrow(
        NotFoundError,
      );
      await store.write((tx) => deleteTicket(tx, other));
    });

    it('creates, links speakers and announces each committed change once', async () => {
      committed.length = 0;
      const roomId = await store.write((tx) => roomWrites.insert(tx, eventId, { name: 'Annex' }));
      const talkId = await store.write((tx) =>
        insertTalk(tx, eventId, {
          title: 'Late addition',
          room_id: roomId,
          starts_at: '2027-05-14T15:00:00Z',
          ends_at: '2027-05-14T15:30:00Z',
        }),
      );
      const speakers = await selectSpeakers(backend.db, eventId);
      const chosen = [speakers[2]?.id ?? '', speakers[0]?.id ?? ''];
      await store.write((tx) => setTalkSpeakers(tx, talkId, chosen));
      const talk = (await selectTalks(backend.db, eventId)).find((t) => t.id === talkId);
      expect(talk?.speaker_ids).toEqual(chosen);
      expect(committed.map((change) => [change.kind, change.action])).toEqual([
        ['room_modified', 'created'],
        ['talk_modified', 'created'],
        ['talk_modified', 'updated'],
      ]);
      await expect(store.write((tx) => setTalkSpeakers(tx, talkId, ['424242']))).rejects.toThrow(
        /speaker_ids\[0\]/,
      );
    });

    it('reorders tickets and refuses lists that are not a permutation', async () => {
      const ids = (await selectTickets(backend.db, eventId)).map((ticket) => ticket.id);
      const reversed = [...ids].reverse();
      await store.write((tx) => reorderTickets(tx, eventId, reversed));
      expect((await selectTickets(backend.db, eventId)).map((ticket) => ticket.id)).toEqual(
        reversed,
      );
      for (const bad of [ids.slice(1), [...ids, ids[0] ?? ''], [ids[0], ids[0], ids[1]]]) {
        await expect(
          store.write((tx) => reorderTickets(tx, eventId, bad as string[])),
        ).rejects.toThrow(InvalidInputError);
      }
      expect((await selectTickets(backend.db, eventId)).map((ticket) => ticket.id)).toEqual(
        reversed,
      );
    });

    it('applies concurrent reorders one after another: the result is one of them, whole', async () => {
      const ids = (await selectTickets(backend.db, eventId)).map((ticket) => ticket.id);
      const orders = Array.from({ length: 12 }, (_, i) => {
        const order = [...ids];
        for (let j = order.length - 1; j > 0; j--) {
          const k = (i * 7 + j * 3) % (j + 1);
          [order[j], order[k]] = [order[k] as string, order[j] as string];
        }
        return order;
      });
      await Promise.all(
        orders.map((order) => store.write((tx) => reorderTickets(tx, eventId, order))),
      );
      const tickets = await selectTickets(backend.db, eventId);
      expect(tickets.map((ticket) => ticket.position)).toEqual([1, 2, 3]);
      expect(orders.map((order) => order.join())).toContain(tickets.map((t) => t.id).join());
    });

    it('closes the gap when a ticket is deleted', async () => {
      const added = await store.write((tx) =>
        insertTicket(tx, eventId, { name: 'Extra', price_cents: 0, currency: 'EUR' }),
      );
      const before = await selectTickets(backend.db, eventId);
      expect(before.at(-1)).toMatchObject({ id: added, position: 4 });
      await store.write((tx) => deleteTicket(tx, before[0]?.id ?? ''));
      const after = await selectTickets(backend.db, eventId);
      expect(after.map((ticket) => ticket.position)).toEqual([1, 2, 3]);
      expect(after.map((ticket) => ticket.id)).toEqual(before.slice(1).map((ticket) => ticket.id));
    });

    it('hears changes committed by another node, not its own', async () => {
      const peerDb = backend.url
        ? await openDatabase({ dataDir: '', databaseUrl: backend.url })
        : backend.db;
      const peer = new Store(peerDb, 'node-b', () => {});
      const heard: Change[] = [];
      let waiting: { count: number; resolve: () => void } | undefined;
      const heardCount = (count: number) =>
        new Promise<void>((resolve) => {
          waiting = { count, resolve };
          if (heard.length >= count) resolve();
        });
      const stop = await store.listenToOthers((changes) => {
        heard.push(...changes);
        if (waiting && heard.length >= waiting.count) waiting.resolve();
      });
      const first = await peer.write((tx) => roomWrites.insert(tx, eventId, { name: 'Peer room' }));
      await heardCount(1);
      await store.write((tx) => roomWrites.insert(tx, eventId, { name: 'Own room' }));
      const second = await peer.write((tx) =>
        roomWrites.insert(tx, eventId, { name: 'Peer room 2' }),
      );
      // NOTIFYs arrive in commit order: had the own change come back, it would precede this one.
      await heardCount(2);
      expect(heard).toEqual([
        { kind: 'room_modified', event_id: eventId, id: first, action: 'created' },
        { kind: 'room_modified', event_id: eventId, id: second, action: 'created' },
      ]);
      await stop();
      if (peerDb !== backend.db) await peerDb.close();
    });
  });
}

describe('the embedded store', () => {
  it('runs durable with a 32 MB buffer pool, when made and when opened again', async () => {
    const temp = createTempDir();
    try {
      for (const _ of ['made', 'opened again']) {
        const db = await openDatabase({ dataDir: temp.dir });
        try {
          const setting = async (name: string) =>
            (await db.query<Record<string, string>>(`show ${name}`))[0]?.[name];
          expect(await setting('fsync')).toBe('on');
          expect(await setting('wal_sync_method')).toBe('fsync');
          expect(await setting('shared_buffers')).toBe('32MB');
        } finally {
          await db.close();
        }
      }
    } finally {
      temp.remove();
    }
  });
});

// The node as outside clients see it: a child process on a free port, spoken to with raw JSON
// text over a plain WebSocket and with raw HTTP, on the embedded store and on PostgreSQL.
import { parseICalendar, parseJCal, parseXCal } from '@convene/xcal';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConferenceEvent, Talk, Ticket } from '../src/model.js';
import { freshStorage, type NodeStorage, STORAGE_KINDS } from './support/backends.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';
import { basic, postRpc, RawClient, rawHttp } from './support/raw-client.js';

describe.each(STORAGE_KINDS)('the node on %s', (kind) => {
  let storage: NodeStorage;
  let node: NodeProcess;
  let client: RawClient;
  let event: ConferenceEvent;
  let password: string;
  const rpc = () => `${node.url}/rpc`;
  const organizer = () => basic('organizer', password);

  beforeAll(async () => {
    storage = await freshStorage(kind);
    node = await startNodeProcess(storage);
    password = node.password ?? '';
    client = await RawClient.open(node.wsUrl);
    [event] = (await client.result<ConferenceEvent[]>(0, 'get_events')) as [ConferenceEvent];
  });

  afterAll(async () => {
    client?.close();
    await node?.stop();
    await storage?.cleanup();
  });

  describe('start', () => {
    it('prints a generated organizer password once and logs the URL', () => {
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(node.output()).toContain('"msg":"listening on http://127.0.0.1:');
      expect(node.output()).not.toContain(`${password}"}`);
    });

    it('answers GET /health with the storage kind', async () => {
      const response = await fetch(`${node.url}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', storage: kind });
    });
  });

  describe("the Graphene document's examples, on the node's own data", () => {
    it('wscat: {"id":1,"method":"call","params":[0,"get_events",[]]}', async () => {
      client.sendText('{"id":1,"method":"call","params":[0,"get_events",[]]}');
      const answer = await client.waitFor((m) => m.id === 1 && 'result' in m);
      expect(answer.result).toEqual([event]);
      expect(event.name).toMatch(/Demo/);
    });

    it('curl --data {"jsonrpc":"2.0","method":"get_events","params":[],"id":1} …/rpc', async () => {
      const { status, body } = await postRpc(
        rpc(),
        '{"jsonrpc":"2.0","method":"get_events","params":[],"id":1}',
      );
      expect(status).toBe(200);
      expect(body).toEqual({ jsonrpc: '2.0', id: 1, result: [event] });
    });

    it('curl -u organizer:… with ["organizer","create_talk",[…]]', async () => {
      const talk = {
        title: 'Added over HTTP',
        starts_at: '2027-05-14T15:00:00Z',
        ends_at: '2027-05-14T15:30:00Z',
      };
      const { body } = await postRpc(
        rpc(),
        JSON.stringify({
          jsonrpc: '2.0',
          params: ['organizer', 'create_talk', [event.id, talk]],
          method: 'call',
          id: 10,
        }),
        organizer(),
      );
      expect(body?.id).toBe(10);
      expect(body?.result).toMatchObject({ ...talk, event_id: event.id, speaker_ids: [] });
      const stored = await client.result<Talk>(0, 'get_talk', [
        (body?.result as Talk | undefined)?.id,
      ]);
      expect(stored.title).toBe('Added over HTTP');
    });

    it('wscat -c ws://organizer:…@host: logged in at connect', async () => {
      const url = new URL(node.wsUrl);
      url.username = 'organizer';
      url.password = password;
      const logged = await RawClient.open(url.toString());
      try {
        const organizerId = await logged.result<number>(1, 'organizer');
        expect(organizerId).toBeGreaterThan(1);
        const room = await logged.result<{ name: string }>(organizerId, 'create_room', [
          event.id,
          { name: 'Over ws://user:pass@' },
        ]);
        expect(room.name).toBe('Over ws://user:pass@');
      } finally {
        logged.close();
      }
    });
  });

  describe('login and API ids', () => {
    it('hands out ids for granted APIs, the same id when asked again', async () => {
      const own = await RawClient.open(node.wsUrl);
      try {
        expect(await own.result(1, 'database')).toBe(0);
        const calendarId = await own.result<number>(1, 'calendar');
        expect(await own.result(1, 'calendar')).toBe(calendarId);
        expect(await own.result(1, 'login', ['organizer', password])).toBe(true);
        const organizerId = await own.result<number>(1, 'organizer');
        const networkId = await own.result<number>(1, 'network_node');
        expect(new Set([0, 1, calendarId, organizerId, networkId]).size).toBe(5);
        const info = await own.result<Record<string, unknown>>(networkId, 'get_info');
        expect(info).toMatchObject({ storage: kind, version: '0.0.0' });
        expect(info.connections).toBeGreaterThanOrEqual(2);
        const connections = await own.result<{ user: string | null }[]>(
          networkId,
          'get_connections',
        );
        expect(connections.map((c) => c.user)).toContain('organizer');
      } finally {
        own.close();
      }
    });

    it('refuses restricted APIs to anonymous and wrongly logged-in connections', async () => {
      const own = await RawClient.open(node.wsUrl);
      try {
        expect((await own.call(1, 'organizer')).error?.code).toBe(-32001);
        expect((await own.call(1, 'network_node')).error?.code).toBe(-32001);
        expect(await own.result(1, 'login', ['organizer', 'wrong password'])).toBe(false);
        expect((await own.call(1, 'organizer')).error?.message).toMatch(/organizer_api/);
        expect((await own.call('organizer', 'delete_event', [event.id])).error?.code).toBe(-32001);
      } finally {
        own.close();
      }
      const { body } = await postRpc(
        rpc(),
        JSON.stringify({
          id: 3,
          method: 'call',
          params: ['organizer', 'delete_event', [event.id]],
        }),
      );
      expect(body?.error?.code).toBe(-32001);
      const wrong = await postRpc(
        rpc(),
        JSON.stringify({
          id: 4,
          method: 'call',
          params: ['organizer', 'delete_event', [event.id]],
        }),
        basic('organizer', 'nope'),
      );
      expect(wrong.body?.error?.code).toBe(-32001);
      expect(await client.result(0, 'get_event', [event.id])).toEqual(
        expect.objectContaining({ id: event.id }),
      );
    });
  });

  describe('reading the schedule', () => {
    it('lists talks by start time, tickets by position, rooms and speakers', async () => {
      const talks = await client.result<Talk[]>(0, 'get_talks', [event.id]);
      expect(talks.length).toBeGreaterThanOrEqual(120);
      const starts = talks.map((talk) => talk.starts_at);
      expect([...starts].sort()).toEqual(starts);
      const tickets = await client.result<Ticket[]>(0, 'get_tickets', [event.id]);
      expect(tickets.map((ticket) => ticket.position)).toEqual([1, 2, 3]);
      expect(tickets.map((ticket) => ticket.name)).toEqual(['Standard', 'Student', 'Supporter']);
      expect(
        (await client.result<unknown[]>(0, 'get_rooms', [event.id])).length,
      ).toBeGreaterThanOrEqual(4);
      const speakers = await client.result<{ id: string; talk_ids: string[] }[]>(
        0,
        'get_speakers',
        [event.id],
      );
      const first = talks.find((talk) => talk.speaker_ids.length > 0);
      expect(speakers.find((s) => s.id === first?.speaker_ids[0])?.talk_ids).toContain(first?.id);
    });

    it('answers plain JSON-RPC methods on API 0 and ids as numbers too', async () => {
      const { body } = await postRpc(
        rpc(),
        JSON.stringify({
          jsonrpc: '2.0',
          method: 'get_event',
          params: [Number(event.id)],
          id: 'x',
        }),
      );
      expect(body?.result).toEqual(event);
    });
  });

  describe('bad input is answered with errors and the node keeps serving', () => {
    const create = (method: string, args: unknown[]) =>
      postRpc(
        rpc(),
        JSON.stringify({
          jsonrpc: '2.0',
          method: 'call',
          params: ['organizer', method, args],
          id: 1,
        }),
        organizer(),
      );

    it.each([
      [
        'create_talk',
        () => [
          event.id,
          { title: 5, starts_at: '2027-05-14T09:00:00Z', ends_at: '2027-05-14T09:30:00Z' },
        ],
        'talk.title',
      ],
      [
        'create_talk',
        () => [event.id, { title: 'x', starts_at: 'tomorrow', ends_at: '2027-05-14T09:30:00Z' }],
        'talk.starts_at',
      ],
      [
        'create_talk',
        () => [
          event.id,
          { title: 'x', starts_at: '2027-05-14T10:00:00', ends_at: '2027-05-14T11:00:00Z' },
        ],
        'talk.starts_at',
      ],
      [
        'create_talk',
        () => [
          event.id,
          { title: 'x', starts_at: '2027-05-14T10:00:00Z', ends_at: '2027-05-14T09:00:00Z' },
        ],
        'talk',
      ],
      [
        'create_talk',
        () => [
          event.id,
          { title: 'x', starts_at: '2030-01-01T10:00:00Z', ends_at: '2030-01-01T11:00:00Z' },
        ],
        'talk',
      ],
      [
        'create_talk',
        () => [
          event.id,
          {
            title: 'x'.repeat(201),
            starts_at: '2027-05-14T09:00:00Z',
            ends_at: '2027-05-14T09:30:00Z',
          },
        ],
        'talk.title',
      ],
      [
        'create_talk',
        () => [
          event.id,
          {
            title: 'x',
            room_id: '999999',
            starts_at: '2027-05-14T09:00:00Z',
            ends_at: '2027-05-14T09:30:00Z',
          },
        ],
        'talk.room_id',
      ],
      [
        'create_talk',
        () => [
          event.id,
          {
            title: 'x',
            colour: 'red',
            starts_at: '2027-05-14T09:00:00Z',
            ends_at: '2027-05-14T09:30:00Z',
          },
        ],
        'talk.colour',
      ],
      [
        'create_talk',
        () => [
          '999999',
          { title: 'x', starts_at: '2027-05-14T09:00:00Z', ends_at: '2027-05-14T09:30:00Z' },
        ],
        'event_id',
      ],
      ['create_talk', () => [{ id: 1 }, {}], 'event_id'],
      ['create_talk', () => [event.id], 'params'],
      ['create_room', () => [event.id, { name: '   ' }], 'room.name'],
      ['create_room', () => [event.id, { name: 'r', capacity: -1 }], 'room.capacity'],
      ['create_ticket', () => [event.id, { name: 't', currency: 'euro' }], 'ticket.currency'],
      [
        'create_event',
        () => [
          {
            name: 'e',
            starts_at: '2027-01-01T00:00:00Z',
            ends_at: '2027-01-02T00:00:00Z',
            time_zone: 'Mars/Olympus',
          },
        ],
        'event.time_zone',
      ],
      ['update_talk', () => ['999999', { title: 'y' }], 'talk_id'],
      ['update_talk', () => ['12abc', { title: 'y' }], 'talk_id'],
      ['set_talk_speakers', () => ['1', ['1', '1']], 'speaker_ids[1]'],
      ['set_talk_speakers', () => ['1', 'everyone'], 'speaker_ids'],
      ['reorder_tickets', () => [event.id, ['1']], 'ticket_ids'],
      ['delete_speaker', () => ['424242'], 'speaker_id'],
    ])('%s, case %#: -32602 naming the field', async (methodName, args, field) => {
      const { body } = await create(methodName, args());
      expect(body?.error?.code).toBe(-32602);
      expect(
        body?.error?.message.startsWith(`${field}:`) || body?.error?.message.includes(field),
      ).toBe(true);
    });

    it('answers malformed JSON, unknown methods and unknown ids on the WebSocket', async () => {
      client.sendText('{"id":1,"method":"call",');
      expect((await client.waitFor((m) => m.error?.code === -32700)).id).toBeNull();
      expect((await client.call(0, 'no_such_method')).error?.code).toBe(-32601);
      expect((await client.call(99, 'get_events')).error?.code).toBe(-32601);
      const unknown = await client.call(0, 'get_event', ['999999']);
      expect(unknown.error).toMatchObject({ code: -32602 });
      expect(unknown.error?.message).toMatch(/^id: no event/);
      expect((await client.call(0, 'get_talks', [true])).error?.code).toBe(-32602);
      expect(await client.result(0, 'get_event', [event.id])).toEqual(event);
    });

    it('closes a WebSocket that sends an oversized message, and serves the others', async () => {
      const greedy = await RawClient.open(node.wsUrl);
      const closed = new Promise<number>((resolve) => greedy.socket.once('close', resolve));
      greedy.sendText(
        JSON.stringify({ id: 1, method: 'get_events', params: ['x'.repeat(2 * 1024 * 1024)] }),
      );
      expect(await closed).toBe(1009);
      expect(await client.result(0, 'get_event', [event.id])).toEqual(event);
    });

    it('answers malformed and oversized HTTP bodies', async () => {
      expect((await postRpc(rpc(), '{"jsonrpc":"2.0",')).body?.error?.code).toBe(-32700);
      // A body announced larger than the 1 MiB limit is refused before it is read.
      const head = `POST /rpc HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n`;
      expect(await rawHttp(node.url, head, '{"jsonrpc":"2.0","params":["')).toBe(413);
      expect((await fetch(`${node.url}/events/${event.id}/calendar.pdf`)).status).toBe(404);
      expect((await fetch(`${node.url}/events/999999/calendar.ics`)).status).toBe(404);
      expect((await fetch(`${node.url}/health`, { method: 'DELETE' })).status).toBe(405);
      expect(
        (await postRpc(rpc(), '{"jsonrpc":"2.0","method":"get_events","params":[],"id":2}')).body
          ?.result,
      ).toEqual([event]);
    });
  });

  describe('subscriptions', () => {
    it('pushes a notice for each change of the subscribed event', async () => {
      const subscriber = await RawClient.open(node.wsUrl);
      try {
        expect(await subscriber.result(0, 'set_subscribe_callback', [7, event.id])).toBeNull();
        const [talk] = await subscriber.result<Talk[]>(0, 'get_talks', [event.id]);
        const { body } = await postRpc(
          rpc(),
          JSON.stringify({
            id: 1,
            method: 'call',
            params: ['organizer', 'update_talk', [talk?.id, { title: 'Renamed' }]],
          }),
          organizer(),
        );
        expect(body?.result).toMatchObject({ id: talk?.id, title: 'Renamed' });
        const notice = await subscriber.waitFor((m) => m.method === 'notice');
        expect(notice).toEqual({
          jsonrpc: '2.0',
          method: 'notice',
          params: [
            7,
            [{ kind: 'talk_modified', id: talk?.id, event_id: event.id, action: 'updated' }],
          ],
        });
        expect(await subscriber.result(0, 'cancel_subscribe_callback', [7])).toBe(true);
        expect(await subscriber.result(0, 'cancel_subscribe_callback', [7])).toBe(false);
      } finally {
        subscriber.close();
      }
    });

    it('refuses subscriptions to unknown events', async () => {
      expect((await client.call(0, 'set_subscribe_callback', [8, '999999'])).error?.code).toBe(
        -32602,
      );
    });
  });

  describe('calendar downloads', () => {
    const download = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${node.url}/events/${event.id}/${path}`, { headers });

    it('serves iCalendar that @convene/xcal and ical.js both read back', async () => {
      const response = await download('calendar.ics');
      expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
      const text = await response.text();
      const talks = await client.result<Talk[]>(0, 'get_talks', [event.id]);
      const ours = parseICalendar(text);
      expect(ours.events).toHaveLength(talks.length);
      expect(ours.name).toBe(event.name);
      const peer = new ICAL.Component(ICAL.parse(text));
      const vevents = peer.getAllSubcomponents('vevent');
      expect(vevents).toHaveLength(talks.length);
      const first = new ICAL.Event(vevents[0]);
      expect(first.summary).toBe(talks[0]?.title);
      expect(first.startDate.toJSDate().toISOString().replace('.000', '')).toBe(
        talks[0]?.starts_at,
      );
    });

    it('serves xCal, jCal and the legacy Pentabarf xCal with their media types', async () => {
      const talks = await client.result<Talk[]>(0, 'get_talks', [event.id]);
      const xcs = await download('calendar.xcs');
      expect(xcs.headers.get('content-type')).toMatch(/^application\/calendar\+xml/);
      const xml = await xcs.text();
      expect(xml).toContain('urn:ietf:params:xml:ns:icalendar-2.0');
      expect(parseXCal(xml).events.map((e) => e.summary)).toEqual(talks.map((t) => t.title));
      const jcs = await download('calendar.jcs');
      expect(jcs.headers.get('content-type')).toMatch(/^application\/calendar\+json/);
      const jcal = (await jcs.json()) as unknown[];
      expect(parseJCal(jcal).events).toHaveLength(talks.length);
      const peer = new ICAL.Component(jcal);
      expect(peer.getAllSubcomponents('vevent')).toHaveLength(talks.length);
      const legacy = await (await download('calendar.xcs?flavour=legacy')).text();
      expect(legacy).toContain('<iCalendar xmlns:xCal="urn:ietf:params:xml:ns:xcal"><vcalendar>');
      expect(parseXCal(legacy).events).toHaveLength(talks.length);
    });

    it('answers If-None-Match with 304 until a change, then with the new calendar', async () => {
      const first = await download('calendar.ics');
      const etag = first.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"[\w-]+"$/);
      await first.text();
      expect((await download('calendar.ics', { 'if-none-match': etag })).status).toBe(304);
      const [talk] = await client.result<Talk[]>(0, 'get_talks', [event.id]);
      await postRpc(
        rpc(),
        JSON.stringify({
          id: 1,
          method: 'call',
          params: ['organizer', 'update_talk', [talk?.id, { title: 'Fresh title' }]],
        }),
        organizer(),
      );
      const changed = await download('calendar.ics', { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(await changed.text()).toContain('SUMMARY:Fresh title');
    });

    it('serves calendar files to HTTP Basic logins too, and refuses a malformed header', async () => {
      expect((await download('calendar.ics', organizer())).status).toBe(200);
      expect((await download('calendar.ics', basic('organizer', 'wrong'))).status).toBe(200);
      const refused = await download('calendar.ics', { authorization: 'Bearer abc' });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Basic/);
    });

    it('gives the same text through the calendar API', async () => {
      const calendarId = await client.result<number>(1, 'calendar');
      const text = await client.result<string>(calendarId, 'get_calendar', [event.id, 'ical']);
      expect(text).toBe(await (await download('calendar.ics')).text());
      expect(
        (await client.call(calendarId, 'get_calendar', [event.id, 'pdf'])).error?.message,
      ).toMatch(/^format:/);
    });
  });

  describe('reorder_tickets', () => {
    it('stays atomic under concurrent reorders: every read is one whole order', async () => {
      const tickets = await client.result<Ticket[]>(0, 'get_tickets', [event.id]);
      const ids = tickets.map((ticket) => ticket.id);
      const orders = [0, 1, 2, 3, 4, 5].map((shift) => {
        const order = [...ids.slice(shift % ids.length), ...ids.slice(0, shift % ids.length)];
        return shift >= 3 ? order.reverse() : order;
      });
      const valid = new Set([ids.join(), ...orders.map((order) => order.join())]);
      // One login, then the writes in flight together on one connection: what is concurrent here
      // is the reorders, not 24 password checks (which the login throttle rightly limits).
      const writer = await RawClient.open(node.wsUrl);
      expect(await writer.result(1, 'login', ['organizer', password])).toBe(true);
      const organizerApi = await writer.result<number>(1, 'organizer');
      const reorders = Array.from({ length: 24 }, (_, i) =>
        writer.call(organizerApi, 'reorder_tickets', [event.id, orders[i % orders.length]]),
      );
      const reads = Array.from({ length: 24 }, () =>
        client.result<Ticket[]>(0, 'get_tickets', [event.id]),
      );
      const answers = await Promise.all(reorders);
      writer.close();
      for (const answer of answers) expect(answer.error).toBeUndefined();
      for (const read of await Promise.all(reads)) {
        expect(read.map((ticket) => ticket.position)).toEqual([1, 2, 3]);
        expect(valid.has(read.map((ticket) => ticket.id).join())).toBe(true);
      }
    });
  });

  describe('a second node on the same storage', () => {
    it(
      kind === 'pglite' ? 'is refused: the embedded store is locked' : 'starts and shares the data',
      async () => {
        if (kind === 'pglite') {
          await expect(startNodeProcess(storage)).rejects.toThrow(/in use by process \d+/);
          expect(await client.result(0, 'get_event', [event.id])).toEqual(event);
          return;
        }
        const second = await startNodeProcess({
          ...storage,
          apiAccess: `${storage.dataDir}/api-access.json`,
        });
        try {
          const { body } = await postRpc(
            `${second.url}/rpc`,
            '{"jsonrpc":"2.0","method":"get_events","params":[],"id":1}',
          );
          expect(body?.result).toEqual([event]);
        } finally {
          await second.stop();
        }
      },
    );
  });

  describe('shutdown and restart', () => {
    it('stops on SIGTERM with exit code 0, and restarts with the data and without a new password', async () => {
      const room = await postRpc(
        rpc(),
        JSON.stringify({
          id: 1,
          method: 'call',
          params: ['organizer', 'create_room', [event.id, { name: 'Kept' }]],
        }),
        organizer(),
      );
      expect(room.body?.error).toBeUndefined();
      client.close();
      expect(await node.stop('SIGTERM')).toBe(0);
      expect(node.output()).toContain('"msg":"stopped"');
      node = await startNodeProcess(storage);
      expect(node.password).toBeUndefined();
      client = await RawClient.open(node.wsUrl);
      const rooms = await client.result<{ id: string }[]>(0, 'get_rooms', [event.id]);
      expect(rooms.map((r) => r.id)).toContain(
        (room.body?.result as { id: string } | undefined)?.id,
      );
      expect(await client.result(1, 'login', ['organizer', password])).toBe(true);
    });
  });
});

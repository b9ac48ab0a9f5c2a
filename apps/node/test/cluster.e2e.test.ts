// Two nodes on one PostgreSQL database: what is written through one reaches the WebSocket
// subscribers and the calendar cache of the other (LISTEN/NOTIFY).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConferenceEvent, Talk } from '../src/model.js';
import { freshStorage, type NodeStorage } from './support/backends.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';
import { basic, postRpc, RawClient, resultOf } from './support/raw-client.js';

describe('two nodes on one PostgreSQL', () => {
  let storage: NodeStorage;
  let nodeA: NodeProcess;
  let nodeB: NodeProcess;
  let event: ConferenceEvent;
  let organizer: Record<string, string>;

  beforeAll(async () => {
    storage = await freshStorage('postgresql');
    nodeA = await startNodeProcess(storage);
    // The second node shares the database and the access file the first one wrote.
    nodeB = await startNodeProcess({ ...storage, apiAccess: `${storage.dataDir}/api-access.json` });
    organizer = basic('organizer', nodeA.password ?? '');
    [event] = resultOf<[ConferenceEvent]>(
      await postRpc(
        `${nodeB.url}/rpc`,
        '{"jsonrpc":"2.0","method":"get_events","params":[],"id":1}',
      ),
    );
  });

  afterAll(async () => {
    await nodeA?.stop();
    await nodeB?.stop();
    await storage?.cleanup();
  });

  it('serves the same data from both, loaded once', async () => {
    const events = async (node: NodeProcess) =>
      (
        await postRpc(
          `${node.url}/rpc`,
          '{"jsonrpc":"2.0","method":"get_events","params":[],"id":1}',
        )
      ).body?.result;
    expect(await events(nodeA)).toEqual(await events(nodeB));
    expect(await events(nodeA)).toHaveLength(1);
  });

  it("pushes a change committed through node A to node B's subscribers", async () => {
    const subscriber = await RawClient.open(nodeB.wsUrl);
    try {
      await subscriber.result(0, 'set_subscribe_callback', [1, event.id]);
      const [talk] = await subscriber.result<Talk[]>(0, 'get_talks', [event.id]);
      const { body } = await postRpc(
        `${nodeA.url}/rpc`,
        JSON.stringify({
          id: 1,
          method: 'call',
          params: ['organizer', 'update_talk', [talk?.id, { title: 'Changed on A' }]],
        }),
        organizer,
      );
      expect(body?.result).toMatchObject({ title: 'Changed on A' });
      const notice = await subscriber.waitFor((m) => m.method === 'notice');
      expect(notice.params).toEqual([
        1,
        [{ kind: 'talk_modified', id: talk?.id, event_id: event.id, action: 'updated' }],
      ]);
      expect(await subscriber.result<Talk>(0, 'get_talk', [talk?.id])).toMatchObject({
        title: 'Changed on A',
      });
    } finally {
      subscriber.close();
    }
  });

  it("drops node B's cached calendar when node A changes the event", async () => {
    const ics = `${nodeB.url}/events/${event.id}/calendar.ics`;
    const before = await fetch(ics);
    const etag = before.headers.get('etag') ?? '';
    await before.text();
    expect((await fetch(ics, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const talks = await postRpc(
      `${nodeA.url}/rpc`,
      JSON.stringify({ jsonrpc: '2.0', method: 'get_talks', params: [event.id], id: 1 }),
    );
    const [talk] = resultOf<Talk[]>(talks);
    // A subscriber on B tells when B has heard of the change.
    const subscriber = await RawClient.open(nodeB.wsUrl);
    try {
      await subscriber.result(0, 'set_subscribe_callback', [2, event.id]);
      await postRpc(
        `${nodeA.url}/rpc`,
        JSON.stringify({
          id: 1,
          method: 'call',
          params: ['organizer', 'update_talk', [talk?.id, { title: 'New on A' }]],
        }),
        organizer,
      );
      await subscriber.waitFor((m) => m.method === 'notice');
    } finally {
      subscriber.close();
    }
    const after = await fetch(ics, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('SUMMARY:New on A');
  });
});

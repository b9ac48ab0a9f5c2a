// The node in this process, to watch its signals: every committed change is sent on the signal
// of its kind with the event id as sender, and tests can mute them where they are beside the point.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Change, createLogger, type RunningNode, startNode } from '../src/index.js';
import { createTempDir } from './support/databases.js';
import { basic, postRpc, RawClient, resultOf } from './support/raw-client.js';

describe('signals of a running node', () => {
  const temp = createTempDir();
  let node: RunningNode;
  let eventId: string;
  const call = (method: string, args: unknown[]) =>
    postRpc(
      `${node.url}/rpc`,
      JSON.stringify({ id: 1, method: 'call', params: ['organizer', method, args] }),
      basic('organizer', node.generatedPassword ?? ''),
    );

  beforeAll(async () => {
    node = await startNode(
      { host: '127.0.0.1', port: 0, dataDir: temp.dir, logLevel: 'silent', demo: true },
      createLogger('silent'),
    );
    const events = resultOf<{ id: string }[]>(
      await postRpc(`${node.url}/rpc`, '{"method":"get_events","params":[],"id":1}'),
    );
    eventId = events[0]?.id ?? '';
  });

  afterAll(async () => {
    await node?.close();
    temp.remove();
  });

  it('sends each change on the signal of its kind, with the event id as sender', async () => {
    const seen: [string, Change][] = [];
    const stop = node.signals.connectAll((sender, change) => seen.push([sender, change]), eventId);
    const speakerId = resultOf<{ id: string }>(
      await call('create_speaker', [eventId, { name: 'Grace' }]),
    ).id;
    await call('reorder_tickets', [eventId, ['3', '2', '1']]);
    stop();
    expect(seen).toEqual([
      [eventId, { kind: 'speaker_modified', event_id: eventId, id: speakerId, action: 'created' }],
      [
        eventId,
        { kind: 'ticket_order_changed', event_id: eventId, id: eventId, action: 'updated' },
      ],
    ]);
  });

  it('sends nothing to receivers while muted: bulk setup without notices', async () => {
    const subscriber = await RawClient.open(node.url.replace('http', 'ws'));
    try {
      await subscriber.result(0, 'set_subscribe_callback', [1, eventId]);
      await node.signals.namespace.muted(async () => {
        for (const name of ['Room X', 'Room Y']) await call('create_room', [eventId, { name }]);
      });
      const room = resultOf<{ id: string }>(
        await call('create_room', [eventId, { name: 'Room Z' }]),
      );
      const notice = await subscriber.waitFor((m) => m.method === 'notice');
      expect(notice.params).toEqual([
        1,
        [
          {
            kind: 'room_modified',
            event_id: eventId,
            id: room.id,
            action: 'created',
          },
        ],
      ]);
      expect(subscriber.messages.filter((m) => m.method === 'notice')).toHaveLength(1);
    } finally {
      subscriber.close();
    }
  });
});

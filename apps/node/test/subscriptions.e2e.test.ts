// Tens of thousands of subscriptions to one event: every subscriber hears a change, and leaving
// frees them all. That their cost grows linearly with their number is measured by the node's
// bench (`set_subscribe_callback` on one event, N = 1k, 4k, 16k), not timed here.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConferenceEvent } from '../src/model.js';
import { freshStorage, type NodeStorage } from './support/backends.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';
import { basic, callOverHttp, RawClient } from './support/raw-client.js';

const SOCKETS = 8;

describe('many subscriptions to one event', () => {
  let storage: NodeStorage;
  let node: NodeProcess;
  let event: ConferenceEvent;
  let organizer: Record<string, string>;

  const call = (api: string, method: string, args: unknown[]) =>
    callOverHttp<Record<string, unknown>>(node.url, api, method, args, organizer);

  beforeAll(async () => {
    storage = await freshStorage('pglite');
    const config = join(storage.dataDir, 'node.json');
    const many = { maxSubscriptionsPerConnection: 10_000, maxSubscriptionsPerAddress: 100_000 };
    writeFileSync(config, JSON.stringify({ limits: many }));
    node = await startNodeProcess({
      dataDir: join(storage.dataDir, 'data'),
      extraArgs: ['--config', config],
    });
    organizer = basic('organizer', node.password ?? '');
    const reader = await RawClient.open(node.wsUrl);
    [event] = (await reader.result<ConferenceEvent[]>(0, 'get_events')) as [ConferenceEvent];
    reader.close();
  });

  afterAll(async () => {
    await node?.stop();
    await storage?.cleanup();
  });

  /** Opens the sockets and subscribes `count` callbacks spread over them, all sent at once. */
  async function subscribeAll(count: number): Promise<RawClient[]> {
    const sockets = await Promise.all(
      Array.from({ length: SOCKETS }, () => RawClient.open(node.wsUrl)),
    );
    const answers = Array.from({ length: count }, (_, i) =>
      (sockets[i % SOCKETS] as RawClient).call(0, 'set_subscribe_callback', [i, event.id]),
    );
    for (const answer of await Promise.all(answers)) expect(answer.error).toBeUndefined();
    return sockets;
  }

  /** Closes the sockets and waits until the node holds no subscription. */
  async function leave(sockets: RawClient[]): Promise<void> {
    for (const socket of sockets) socket.close();
    await expect
      .poll(async () => (await call('network_node', 'get_info', [])).subscriptions, {
        interval: 5,
        timeout: 60_000,
      })
      .toBe(0);
  }

  it('notifies each of 20,000 subscribers of a change, then forgets them all when they leave', async () => {
    const sockets = await subscribeAll(20_000);
    expect((await call('network_node', 'get_info', [])).subscriptions).toBe(20_000);
    await call('organizer', 'update_event', [event.id, { location: 'Hall 2' }]);
    for (const socket of sockets) {
      await expect
        .poll(() => socket.messages.filter((m) => m.method === 'notice').length)
        .toBe(20_000 / SOCKETS);
    }
    await leave(sockets);
  });
});

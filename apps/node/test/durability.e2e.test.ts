// No acknowledged write is lost: a node killed with SIGKILL in the middle of a write burst is
// restarted on the same storage, and every write it had answered is there.
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConferenceEvent, Speaker } from '../src/model.js';
import { freshStorage, type NodeStorage, STORAGE_KINDS } from './support/backends.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';
import { type Message, RawClient } from './support/raw-client.js';

const WRITERS = 8;
const KILL_AFTER_ACKS = 150;

describe.each(STORAGE_KINDS)('SIGKILL during a write burst on %s', (kind) => {
  let storage: NodeStorage;
  let node: NodeProcess | undefined;

  afterAll(async () => {
    await node?.stop();
    await storage?.cleanup();
  });

  it('finds every acknowledged write after a restart', async () => {
    storage = await freshStorage(kind);
    node = await startNodeProcess(storage);
    const url = new URL(node.wsUrl);
    url.username = 'organizer';
    url.password = node.password ?? '';
    const client = await RawClient.open(url.toString());
    const [event] = await client.result<ConferenceEvent[]>(0, 'get_events');
    const organizerId = await client.result<number>(1, 'organizer');
    const closed = once(client.socket, 'close').then(() => undefined);

    const acked: string[] = [];
    let sent = 0;
    let killed = false;
    const victim = node;
    // Each writer keeps one write outstanding until the socket closes, so writes are in flight
    // at the moment the process dies, however fast the kill is delivered.
    const writer = async () => {
      for (;;) {
        const answer: Message | undefined = await Promise.race([
          client.call(organizerId, 'create_speaker', [event?.id, { name: `Burst ${sent++}` }]),
          closed,
        ]);
        if (answer === undefined) return;
        expect(answer.error).toBeUndefined();
        acked.push((answer.result as Speaker).id);
        if (acked.length >= KILL_AFTER_ACKS && !killed) {
          killed = true;
          victim.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, writer));
    expect(await victim.stop()).toBe('SIGKILL');
    // Writes were still in flight when the process died.
    expect(sent).toBeGreaterThan(acked.length);

    node = await startNodeProcess(storage);
    const reader = await RawClient.open(node.wsUrl);
    try {
      const stored = new Set(
        (await reader.result<Speaker[]>(0, 'get_speakers', [event?.id])).map((s) => s.id),
      );
      const missing = acked.filter((id) => !stored.has(id));
      expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
      expect(missing).toEqual([]);
    } finally {
      reader.close();
    }
  });
});

// Graceful close: requests in flight when the node is asked to stop still get their answers.
// A lock held by the test keeps them in flight for as long as it needs, on a PostgreSQL server.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type RunningNode, startNode } from '../src/index.js';
import { freshStorage, type NodeStorage } from './support/backends.js';
import { postRpc, RawClient, resultOf } from './support/raw-client.js';

describe('closing a node with requests in flight', () => {
  let storage: NodeStorage;
  let node: RunningNode;
  let admin: pg.Client;

  beforeAll(async () => {
    storage = await freshStorage('postgresql');
    node = await startNode(
      { host: '127.0.0.1', port: 0, logLevel: 'silent', demo: true, ...storage },
      createLogger('silent'),
    );
    admin = new pg.Client({ connectionString: storage.databaseUrl });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await node?.close();
    await storage?.cleanup();
  });

  it('answers them over WebSocket and HTTP before closing, and refuses new ones', async () => {
    const [event] = resultOf<{ id: string }[]>(
      await postRpc(`${node.url}/rpc`, '{"method":"get_events","params":[],"id":1}'),
    );
    const client = await RawClient.open(node.url.replace('http', 'ws'));
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE talks IN ACCESS EXCLUSIVE MODE');
    const overWs = client.call(0, 'get_talks', [event?.id]);
    const overHttp = fetch(`${node.url}/events/${event?.id}/calendar.ics`);
    // Both requests are in flight once both wait on the lock (polled gently: the node needs
    // the machine to open its second pool connection meanwhile).
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { rows } = await admin.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND datname = current_database()`,
      );
      if ((rows[0]?.waiting ?? 0) >= 2) break;
    }
    const closed = node.close();
    await expect(fetch(`${node.url}/health`)).rejects.toThrow();
    await admin.query('COMMIT');
    const answer = await overWs;
    expect((answer.result as unknown[]).length).toBe(120);
    const response = await overHttp;
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/END:VCALENDAR\r\n$/);
    await closed;
    client.close();
  });
});

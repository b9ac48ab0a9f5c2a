// Revocation reaches open connections: a reload of api-access.json that removes a user, or takes
// an API from "*", applies to WebSockets already open.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConferenceEvent } from '../src/model.js';
import { createTempDir } from './support/databases.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';
import { RawClient } from './support/raw-client.js';

type PermissionMap = { permission_map: [string, { allowed_apis: string[] }][] };

describe('a reload of api-access.json', () => {
  const temp = createTempDir('convene-revoke-');
  const file = join(temp.dir, 'api-access.json');
  let node: NodeProcess;
  let event: ConferenceEvent;

  const rewrite = (change: (map: PermissionMap) => void) => {
    const map = JSON.parse(readFileSync(file, 'utf8')) as PermissionMap;
    change(map);
    writeFileSync(file, JSON.stringify(map, null, 2));
  };

  beforeAll(async () => {
    node = await startNodeProcess({ dataDir: temp.dir });
  });

  afterAll(async () => {
    await node?.stop();
    temp.remove();
  });

  it('takes a removed user\'s rights from its open WebSocket; login("", "") does not restore them', async () => {
    const organizer = await RawClient.open(
      node.wsUrl.replace('ws://', `ws://organizer:${node.password}@`),
    );
    const anonymous = await RawClient.open(node.wsUrl);
    try {
      [event] = (await anonymous.result<ConferenceEvent[]>(0, 'get_events')) as [ConferenceEvent];
      const organizerApi = await organizer.result<number>(1, 'organizer');
      const rename = () =>
        organizer.call(organizerApi, 'update_event', [event.id, { location: 'Hall 3' }]);
      expect((await rename()).error).toBeUndefined();

      rewrite((map) => {
        map.permission_map = map.permission_map.filter(([user]) => user !== 'organizer');
      });
      await expect.poll(async () => (await rename()).error?.code, { timeout: 5000 }).toBe(-32001);
      expect(await organizer.result(1, 'login', ['', ''])).toBe(true);
      expect((await rename()).error?.code).toBe(-32001);
      // What "*" still grants, the connection keeps.
      expect((await organizer.call(0, 'get_events')).error).toBeUndefined();
    } finally {
      organizer.close();
      anonymous.close();
    }
  });

  it('takes an API from open anonymous connections when "*" loses it', async () => {
    const anonymous = await RawClient.open(node.wsUrl);
    try {
      expect((await anonymous.call(0, 'get_events')).error).toBeUndefined();
      rewrite((map) => {
        for (const [user, entry] of map.permission_map) {
          if (user === '*') entry.allowed_apis = ['calendar_api'];
        }
      });
      await expect
        .poll(async () => (await anonymous.call(0, 'get_events')).error?.code, { timeout: 5000 })
        .toBe(-32001);
    } finally {
      anonymous.close();
    }
  });
});

// The tasks of the README comparison give the same outcome with @convene/api-access as with
// bcryptjs and a hand-rolled JSON map, on real files.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as addUser from './compare/add-user.ours.ts';
import * as addUserPeer from './compare/add-user.peer.ts';
import * as allows from './compare/allows.ours.ts';
import * as allowsPeer from './compare/allows.peer.ts';
import * as login from './compare/login.ours.ts';
import * as loginPeer from './compare/login.peer.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'api-access-compare-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Adds the same two users to a file with each side's `addUser`. */
async function twoUsers(add: typeof addUser.addUser, path: string): Promise<void> {
  await add(path, 'bytemaster', 'supersecret', ['database_api', 'network_node_api']);
  await add(path, 'carol', 'correct horse', ['database_api']);
}

const sides = [
  { name: 'ours', add: addUser.addUser, login: login.login, allows: allows.allows },
  { name: 'peer', add: addUserPeer.addUser, login: loginPeer.login, allows: allowsPeer.allows },
];

describe('compared with bcryptjs and a JSON map', () => {
  it('add-user: both write a file that keeps both users and no password in clear', async () => {
    for (const side of sides) {
      const path = join(dir, `add-${side.name}.json`);
      await twoUsers(side.add, path);
      const text = await readFile(path, 'utf8');
      expect(text, side.name).toContain('carol');
      expect(text, side.name).not.toContain('supersecret');
    }
  });

  it('login: both give a user its APIs for the right password, and nothing otherwise', async () => {
    const outcomes = [];
    for (const side of sides) {
      const path = join(dir, `login-${side.name}.json`);
      await twoUsers(side.add, path);
      outcomes.push([
        await side.login(path, 'bytemaster', 'supersecret'),
        await side.login(path, 'carol', 'correct horse'),
        await side.login(path, 'carol', 'wrong'),
        await side.login(path, 'mallory', 'supersecret'),
      ]);
    }
    expect(outcomes[0]).toEqual([
      ['database_api', 'network_node_api'],
      ['database_api'],
      null,
      null,
    ]);
    expect(outcomes[1]).toEqual(outcomes[0]);
  });

  it('allows: both let anonymous and unlisted callers use the "*" APIs only, and listed users theirs', async () => {
    const ours = join(dir, 'allows-ours.json');
    await twoUsers(addUser.addUser, ours);
    const oursFile = JSON.parse(await readFile(ours, 'utf8'));
    oursFile.permission_map.push([
      '*',
      { password_hash_b64: '*', password_salt_b64: '*', allowed_apis: ['database_api'] },
    ]);
    await writeFile(ours, JSON.stringify(oursFile));
    const peer = join(dir, 'allows-peer.json');
    await twoUsers(addUserPeer.addUser, peer);
    const peerFile = JSON.parse(await readFile(peer, 'utf8'));
    peerFile['*'] = { apis: ['database_api'] };
    await writeFile(peer, JSON.stringify(peerFile));

    const cases: [[string, string] | null, string][] = [
      [null, 'database_api'],
      [null, 'network_node_api'],
      [['bytemaster', 'supersecret'], 'network_node_api'],
      [['bytemaster', 'wrong'], 'database_api'],
      [['carol', 'correct horse'], 'network_node_api'],
      [['mallory', 'anything'], 'database_api'],
      [['mallory', 'anything'], 'network_node_api'],
    ];
    const answers = async (check: typeof allows.allows, path: string) => {
      const out = [];
      for (const [caller, api] of cases) out.push(await check(path, caller, api));
      return out;
    };
    const expected = [true, false, true, false, false, true, false];
    expect(await answers(allows.allows, ours)).toEqual(expected);
    expect(await answers(allowsPeer.allows, peer)).toEqual(expected);
  });
});

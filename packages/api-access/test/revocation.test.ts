// Revocation reaching open connections: a reload that removes a user, or takes an API from "*",
// while WebSockets are open, and rpc-core's server re-evaluating their grants on the policy's
// change signal; real sockets to rpc-core's server on 127.0.0.1.
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@convene/rpc-core';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessPolicy } from '../src/index.ts';
import { connect, startNode } from './rpc.ts';

const organizer = [
  'organizer',
  {
    password_hash_b64: '9e9GF7ooXVb9k4BoSfNIPTelXeGOZ5DrgOYMj94elaY=',
    password_salt_b64: 'INDdM6iCi/8=',
    allowed_apis: ['database_api', 'network_node_api'],
  },
];
const everyone = (apis: string[]) => [
  '*',
  { password_hash_b64: '*', password_salt_b64: '*', allowed_apis: apis },
];

/** Replaces `file` the way deploy tools and the CLI do: write beside it, rename over it. */
function replace(file: string, pairs: unknown[]): void {
  writeFileSync(`${file}.tmp`, JSON.stringify({ permission_map: pairs }));
  renameSync(`${file}.tmp`, file);
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** A node on a watched api-access file, re-evaluating open connections after each reload. */
async function startWatchedNode() {
  const file = join(mkdtempSync(join(tmpdir(), 'api-access-revoke-')), 'api-access.json');
  writeFileSync(file, JSON.stringify({ permission_map: [organizer, everyone(['database_api'])] }));
  const policy = await AccessPolicy.open(file, { watch: true, watchDebounceMs: 20 });
  const node = await startNode(policy);
  let reloads = 0;
  let wake: () => void = () => {};
  policy.onChange(() => {
    void node.server.reauthorize().then(() => {
      reloads += 1;
      wake();
    });
  });
  cleanup = async () => {
    policy.close();
    await node.server.close();
  };
  /** Replaces the file and waits until the policy has put it in force and the server re-evaluated. */
  const rewrite = async (pairs: unknown[]) => {
    const before = reloads;
    replace(file, pairs);
    while (reloads === before) await new Promise<void>((resolve) => (wake = resolve));
  };
  return { node, rewrite };
}

describe('a reload that removes a user', () => {
  it('refuses the next write of its open WebSocket, and login("", "") does not bring it back', async () => {
    const { node, rewrite } = await startWatchedNode();
    const client = await connect(node.ws, '127.0.0.3');
    expect(await client.call([1, 'login', ['organizer', 'supersecret']])).toMatchObject({
      result: true,
    });
    const { result: networkNode } = await client.call([1, 'network_node', []]);
    expect(await client.call([networkNode, 'add_node', ['10.0.0.1:1776']])).toMatchObject({
      result: null,
    });

    await rewrite([everyone(['database_api'])]);

    const write = await client.call([networkNode, 'add_node', ['10.0.0.2:1776']]);
    expect(write.error?.code).toBe(ErrorCode.Unauthorized);
    expect(node.added).toEqual(['10.0.0.1:1776']);
    await client.call([1, 'login', ['', '']]);
    expect((await client.call([networkNode, 'add_node', ['10.0.0.3:1776']])).error?.code).toBe(
      ErrorCode.Unauthorized,
    );
    // What is left is the anonymous grant of the new map.
    expect(await client.call([0, 'get_chain_id', []])).toMatchObject({ result: 'chain' });
    await client.close();
  });

  it('reaches a connection that logged in with ws://user:pass@host', async () => {
    const { node, rewrite } = await startWatchedNode();
    const client = await connect(`ws://organizer:supersecret@127.0.0.1:${node.port}`);
    const { result: networkNode } = await client.call([1, 'network_node', []]);
    expect(typeof networkNode).toBe('number');
    await rewrite([everyone(['database_api'])]);
    expect((await client.call([networkNode, 'add_node', ['10.0.0.4:1776']])).error?.code).toBe(
      ErrorCode.Unauthorized,
    );
    await client.call([1, 'login', ['', '']]);
    expect((await client.call([networkNode, 'add_node', ['10.0.0.5:1776']])).error?.code).toBe(
      ErrorCode.Unauthorized,
    );
    expect(node.added).toEqual([]);
    await client.close();
  });

  it('keeps a user who stays listed, with the APIs of the new map', async () => {
    const { node, rewrite } = await startWatchedNode();
    const client = await connect(node.ws);
    await client.call([1, 'login', ['organizer', 'supersecret']]);
    const { result: networkNode } = await client.call([1, 'network_node', []]);
    await rewrite([
      ['organizer', { ...(organizer[1] as object), allowed_apis: ['network_node_api'] }],
      everyone(['database_api']),
    ]);
    expect(await client.call([networkNode, 'add_node', ['10.0.0.6:1776']])).toMatchObject({
      result: null,
    });
    expect((await client.call([0, 'get_chain_id', []])).error?.code).toBe(ErrorCode.Unauthorized);
    await client.close();
  });
});

describe('a reload that takes an API from "*"', () => {
  it('takes it from anonymous connections that are open', async () => {
    const { node, rewrite } = await startWatchedNode();
    const client = await connect(node.ws);
    expect(await client.call([0, 'get_chain_id', []])).toMatchObject({ result: 'chain' });
    await rewrite([organizer]);
    expect((await client.call([0, 'get_chain_id', []])).error?.code).toBe(ErrorCode.Unauthorized);
    await client.close();
  });
});

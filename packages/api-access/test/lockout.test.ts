// A guesser who knows the organizer's name, attacking from 127.0.0.2, while the organizer logs in
// from 127.0.0.3: real sockets to rpc-core's WebSocket and HTTP server on 127.0.0.1.
import { ErrorCode } from '@convene/rpc-core';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessPolicy, hashPassword } from '../src/index.ts';
import { connect, post, startNode } from './rpc.ts';

const GUESSER = '127.0.0.2';
const ORGANIZER = '127.0.0.3';
const PASSWORD = 'the organizer password';

/** A node whose api-access map lists `organizer` (scrypt) and anonymous read access. */
async function startGuardedNode() {
  const organizer = await hashPassword(PASSWORD, {
    alg: 'scrypt',
    params: { N: 1024, r: 8, p: 1 },
  });
  const policy = await AccessPolicy.open({
    permission_map: [
      ['organizer', { ...organizer, allowed_apis: ['database_api', 'network_node_api'] }],
      ['*', { password_hash_b64: '*', password_salt_b64: '*', allowed_apis: ['database_api'] }],
    ],
  });
  return startNode(policy);
}

let node: Awaited<ReturnType<typeof startNode>> | undefined;
afterEach(async () => {
  await node?.server.close();
  node = undefined;
});

/** Logs in as the organizer over a new WebSocket from `address`; the answer to `login`, then to `network_node`. */
async function organizerLogin(url: string, address: string) {
  const client = await connect(url, address);
  const login = await client.call([1, 'login', ['organizer', PASSWORD]]);
  const accessor = await client.call([1, 'network_node', []]);
  await client.close();
  return { login, accessor };
}

describe('a guesser who knows the user name', () => {
  it('is stopped at its own address while the organizer keeps logging in from another', async () => {
    node = await startGuardedNode();
    const guesser = await connect(node.ws, GUESSER);
    const guess = async (i: number) => {
      const answer = await guesser.call([1, 'login', ['organizer', `guess ${i}`]]);
      return (answer.result as boolean | undefined) ?? answer.error?.code;
    };
    // A burst of guesses first: the organizer tries while the guesser is throttled.
    const answers: (boolean | number | undefined)[] = [];
    for (let i = 0; i < 8; i++) answers.push(await guess(i));
    // Five free failures, a sixth that starts the wait, then refusals that ignore the password.
    expect(answers).toEqual([...Array(6).fill(false), ...Array(2).fill(ErrorCode.LimitExceeded)]);
    for (let i = 8; i < 14; i++) {
      const { login, accessor } = await organizerLogin(node.ws, ORGANIZER);
      expect(login.result).toBe(true);
      expect(typeof accessor.result).toBe('number');
      expect(await guess(i)).toBe(ErrorCode.LimitExceeded);
    }
    const right = await guesser.call([1, 'login', ['organizer', PASSWORD]]);
    expect(right.error?.code).toBe(ErrorCode.LimitExceeded);
    await guesser.close();

    // HTTP Basic: refused from the guesser's address, served from the organizer's.
    const credentials = `organizer:${PASSWORD}`;
    const call = ['network_node', 'add_node', ['10.0.0.1:1776']];
    const fromGuesser = await post(node.url, call, { credentials, localAddress: GUESSER });
    expect(fromGuesser.status).toBe(429);
    const fromOrganizer = await post(node.url, call, { credentials, localAddress: ORGANIZER });
    expect(fromOrganizer).toMatchObject({ status: 200, body: { result: null } });
  });

  it('cannot throttle an address with over-long user names', async () => {
    node = await startGuardedNode();
    const long = 'o'.repeat(2000);
    const guesser = await connect(node.ws, GUESSER);
    for (let i = 0; i < 30; i++)
      expect(await guesser.call([1, 'login', [long, `guess ${i}`]])).toMatchObject({
        result: false,
      });
    await guesser.close();
    for (let i = 0; i < 30; i++) {
      const basic = await post(node.url, ['database', 'get_chain_id', []], {
        credentials: `${long}:guess`,
        localAddress: GUESSER,
      });
      expect(basic.status).toBe(200);
    }
    // Someone else at the same address logs in with the right password, over WebSocket and HTTP.
    const { login } = await organizerLogin(node.ws, GUESSER);
    expect(login.result).toBe(true);
    const basic = await post(node.url, ['network_node', 'add_node', ['10.0.0.2:1776']], {
      credentials: `organizer:${PASSWORD}`,
      localAddress: GUESSER,
    });
    expect(basic).toMatchObject({ status: 200, body: { result: null } });
  });
});

// The policy wired into @convene/rpc-core's login API, over a real WebSocket and HTTP on
// 127.0.0.1: the api_restrictions.md flow (login → network_node() → add_node), denials, HTTP Basic
// and ws://user:pass@host, and throttling mapped to rpc-core's limit error.
import { ErrorCode } from '@convene/rpc-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessPolicy, hashPassword } from '../src/index.ts';
import { connect, post, startNode } from './rpc.ts';
import { docPath, docText } from './vectors.ts';

describe('the policy as rpc-core authenticator', () => {
  let node: Awaited<ReturnType<typeof startNode>>;

  beforeAll(async () => {
    // The document's file, plus a user with a strong hash.
    const document = JSON.parse(docText);
    const carol = await hashPassword('carol pw', {
      alg: 'scrypt',
      params: { N: 1024, r: 8, p: 1 },
    });
    document.permission_map.push([
      'carol',
      { ...carol, allowed_apis: ['database_api', 'crypto_api'] },
    ]);
    node = await startNode(await AccessPolicy.open(document));
  });
  afterAll(() => node.server.close());

  it("runs the document's flow: login, network_node() id, add_node", async () => {
    const client = await connect(node.ws);
    expect(await client.call([1, 'login', ['bytemaster', 'supersecret']])).toMatchObject({
      result: true,
    });
    const { result: networkNode } = await client.call([1, 'network_node', []]);
    expect(typeof networkNode).toBe('number');
    expect(networkNode).toBeGreaterThan(1);
    expect(await client.call([networkNode, 'add_node', ['127.0.0.1:9090']])).toMatchObject({
      result: null,
    });
    expect(node.added).toContain('127.0.0.1:9090');
    client.close();
  });

  it('denies APIs missing from allowed_apis, before and after login', async () => {
    const client = await connect(node.ws);
    const anonymous = await client.call([1, 'network_node', []]);
    expect(anonymous.error?.code).toBe(ErrorCode.Unauthorized);
    expect(await client.call([1, 'database', []])).toMatchObject({ result: 0 });
    expect(await client.call([1, 'login', ['bytemaster', 'supersecret']])).toMatchObject({
      result: true,
    });
    expect((await client.call([1, 'crypto', []])).error?.code).toBe(ErrorCode.Unauthorized);
    client.close();
  });

  it('logs in a user whose entry has a scrypt hash', async () => {
    const client = await connect(node.ws);
    expect(await client.call([1, 'login', ['carol', 'carol pw']])).toMatchObject({ result: true });
    expect(typeof (await client.call([1, 'crypto', []])).result).toBe('number');
    expect((await client.call([1, 'history', []])).error?.code).toBe(ErrorCode.Unauthorized);
    client.close();
  });

  it('answers false to a wrong password and keeps network_node closed', async () => {
    const client = await connect(node.ws);
    expect(await client.call([1, 'login', ['bytemaster', 'wrong']])).toMatchObject({
      result: false,
    });
    expect((await client.call([1, 'network_node', []])).error?.code).toBe(ErrorCode.Unauthorized);
    client.close();
  });

  it('logs a ws://user:pass@host connection in at once', async () => {
    const client = await connect(`ws://bytemaster:supersecret@127.0.0.1:${node.port}`);
    const { result: networkNode } = await client.call([1, 'network_node', []]);
    expect(typeof networkNode).toBe('number');
    expect(await client.call([networkNode, 'add_node', ['10.0.0.1:1776']])).toMatchObject({
      result: null,
    });
    expect(node.added).toContain('10.0.0.1:1776');
    client.close();
  });

  it('takes HTTP Basic credentials on a named API call, and denies without them', async () => {
    const allowed = await post(node.url, ['network_node', 'add_node', ['10.0.0.2:1776']], {
      credentials: 'bytemaster:supersecret',
    });
    expect(allowed).toMatchObject({ status: 200, body: { result: null } });
    expect(node.added).toContain('10.0.0.2:1776');
    const anonymous = await post(node.url, ['network_node', 'add_node', ['10.0.0.3:1776']]);
    expect(anonymous.body.error?.code).toBe(ErrorCode.Unauthorized);
    const wrong = await post(node.url, ['network_node', 'add_node', ['10.0.0.4:1776']], {
      credentials: 'bytemaster:nope',
    });
    expect(wrong.body.error?.code).toBe(ErrorCode.Unauthorized);
    expect(node.added).not.toContain('10.0.0.3:1776');
    expect(node.added).not.toContain('10.0.0.4:1776');
    expect(await post(node.url, ['database', 'get_chain_id', []])).toMatchObject({
      body: { result: 'chain' },
    });
  });
});

describe('throttled logins through rpc-core', () => {
  let node: Awaited<ReturnType<typeof startNode>>;

  beforeAll(async () => {
    const policy = await AccessPolicy.open(docPath, {
      throttle: { freeFailures: 1, baseDelayMs: 60_000 },
    });
    node = await startNode(policy);
  });
  afterAll(() => node.server.close());

  it('maps ERR_LOGIN_THROTTLED to the limit error with retryAfterMs, on WebSocket and HTTP', async () => {
    const client = await connect(node.ws);
    expect(await client.call([1, 'login', ['bytemaster', 'a']])).toMatchObject({ result: false });
    expect(await client.call([1, 'login', ['bytemaster', 'b']])).toMatchObject({ result: false });
    const refused = await client.call([1, 'login', ['bytemaster', 'supersecret']]);
    expect(refused.error).toMatchObject({
      code: ErrorCode.LimitExceeded,
      data: { retryAfterMs: expect.any(Number) },
    });
    client.close();

    const http = await post(node.url, ['network_node', 'add_node', ['x']], {
      credentials: 'bytemaster:supersecret',
    });
    expect(http.status).toBe(429);
    expect(http.body.error?.code).toBe(ErrorCode.LimitExceeded);
  });
});

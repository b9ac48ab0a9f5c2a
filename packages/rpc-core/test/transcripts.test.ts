// The transcripts of api_restrictions.md (and research §3), replayed as raw text against the
// example server over a plain `ws` client and raw HTTP requests.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHAIN_ID, createGrapheneLikeServer } from '../examples/graphene-like.ts';
import { serverForSuite, wsUrl } from './helpers.ts';
import { basic, post, rawWs } from './raw-client.ts';

const doc = JSON.parse(
  readFileSync(new URL('./vectors/api-restrictions.json', import.meta.url), 'utf8'),
);
const committee = doc.committeeAccountIdAndName;

const example = serverForSuite(createGrapheneLikeServer);

describe('api_restrictions.md over WebSocket (wscat)', () => {
  it('answers the doc call of get_accounts on API 0 with the request id', async () => {
    const ws = await rawWs(wsUrl(example.url));
    const answer = await ws.ask(doc.wscatGetAccounts);
    expect(answer).toMatchObject({ id: 1, jsonrpc: '2.0', result: [committee] });
    await ws.close();
  });

  it('logs bytemaster in, hands out network_node as 2 and runs add_node there', async () => {
    const ws = await rawWs(wsUrl(example.url));
    const [login, network, addNode] = doc.addNodeSequence;
    expect(await ws.ask(login)).toEqual({ id: 1, jsonrpc: '2.0', result: true });
    expect(await ws.ask(network)).toEqual({ id: 2, jsonrpc: '2.0', result: 2 });
    expect(await ws.ask(addNode)).toEqual({ id: 3, jsonrpc: '2.0', result: null });
    await ws.close();
  });

  it('refuses network_node to an anonymous connection (Unauthorized)', async () => {
    const ws = await rawWs(wsUrl(example.url));
    const answer = await ws.ask(doc.addNodeSequence[1]);
    expect(answer).toMatchObject({ id: 2, error: { code: -32001 } });
    expect((answer.error as { message: string }).message).toContain('network_node_api');
    await ws.close();
  });

  it('logs in at the upgrade with ws://bytemaster:supersecret@ (no login round trip)', async () => {
    const ws = await rawWs(wsUrl(example.url, 'bytemaster:supersecret'));
    expect(await ws.ask(doc.addNodeSequence[1])).toEqual({ id: 2, jsonrpc: '2.0', result: 2 });
    expect(await ws.ask(doc.addNodeSequence[2])).toEqual({ id: 3, jsonrpc: '2.0', result: null });
    await ws.close();
  });

  it('replays the bitsharesjs-ws start-up: database is 0, ids count from 2, asked twice keeps its id', async () => {
    const ws = await rawWs(wsUrl(example.url));
    const frames = [
      ['{"method":"call","params":[1,"login",["",""]],"id":1}', true],
      ['{"method":"call","params":[1,"database",[]],"id":2}', 0],
      ['{"method":"call","params":[1,"network_broadcast",[]],"id":3}', 2],
      ['{"method":"call","params":[1,"history",[]],"id":4}', 3],
      ['{"method":"call","params":[0,"get_chain_id",[]],"id":5}', CHAIN_ID],
      ['{"method":"call","params":[1,"history",[]],"id":6}', 3],
    ] as const;
    for (const [text, result] of frames) {
      const answer = await ws.ask(text);
      expect(answer.result).toEqual(result);
      expect(answer.id).toBe(JSON.parse(text).id);
    }
    await ws.close();
  });

  it('sends a notice {"jsonrpc":"2.0","method":"notice","params":[cb,[data]]} for a subscription', async () => {
    const ws = await rawWs(wsUrl(example.url));
    ws.send('{"method":"call","params":[0,"set_subscribe_callback",[7,false]],"id":7}');
    const frames = [JSON.parse(await ws.next()), JSON.parse(await ws.next())];
    expect(frames).toContainEqual({ id: 7, jsonrpc: '2.0', result: null });
    expect(frames).toContainEqual({
      jsonrpc: '2.0',
      method: 'notice',
      params: [7, [[expect.objectContaining({ id: '2.1.0' })]]],
    });
    await ws.close();
  });

  it('answers login() without arguments with the login API id 1', async () => {
    const ws = await rawWs(wsUrl(example.url));
    expect((await ws.ask('{"id":1,"method":"call","params":[1,"login",[]]}')).result).toBe(1);
    const one = await ws.ask('{"id":2,"method":"call","params":[1,"login",["bytemaster"]]}');
    expect(one).toMatchObject({ id: 2, error: { code: -32602 } });
    await ws.close();
  });
});

describe('api_restrictions.md over HTTP (curl)', () => {
  it('serves plain JSON-RPC get_accounts on /rpc from API 0', async () => {
    const answer = await post(example.url, doc.curlPlainGetAccounts);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.json).toMatchObject({ id: 1, jsonrpc: '2.0', result: [committee] });
  });

  it('serves the doc call [0, "get_accounts", …] the same on /, /rpc and /ws', async () => {
    for (const path of ['/', '/rpc', '/ws']) {
      const answer = await post(example.url, doc.curlCallGetAccounts, undefined, path);
      expect(answer.json).toMatchObject({ id: 1, result: [committee] });
    }
  });

  it('serves a named API ("history") without a session', async () => {
    const answer = await post(example.url, doc.curlNamedHistory);
    expect(answer.json).toEqual({ id: 10, jsonrpc: '2.0', result: [] });
  });

  it('logs curl -u bytemaster:supersecret in for the request, and only with the right password', async () => {
    const body = '{"jsonrpc":"2.0","method":"call","params":["network_node","get_info",[]],"id":1}';
    const allowed = await post(example.url, body, {
      authorization: basic('bytemaster', 'supersecret'),
    });
    expect(allowed.json).toMatchObject({ id: 1, result: { connection_count: expect.any(Number) } });
    const anonymous = await post(example.url, body);
    expect(anonymous.status).toBe(200);
    expect(anonymous.json).toMatchObject({ id: 1, error: { code: -32001 } });
    const wrong = await post(example.url, body, { authorization: basic('bytemaster', 'WRONG') });
    expect(wrong.json).toMatchObject({ id: 1, error: { code: -32001 } });
    // A wrong password leaves the anonymous grant, never less (Graphene drops API 0 here).
    const plain = await post(
      example.url,
      '{"jsonrpc":"2.0","method":"get_chain_id","params":[],"id":1}',
      {
        authorization: basic('bytemaster', 'WRONG'),
      },
    );
    expect(plain.json).toEqual({ id: 1, jsonrpc: '2.0', result: CHAIN_ID });
  });

  it('answers a lone notification with 204 and a null id with jsonrpc with a result', async () => {
    const silent = await post(example.url, '{"id":null,"method":"get_chain_id","params":[]}');
    expect(silent.status).toBe(204);
    expect(silent.text).toBe('');
    const nullId = await post(
      example.url,
      '{"jsonrpc":"2.0","id":null,"method":"get_chain_id","params":[]}',
    );
    expect(nullId.json).toEqual({ id: null, jsonrpc: '2.0', result: CHAIN_ID });
  });

  it('answers text that is not JSON with 400 and -32700', async () => {
    const answer = await post(example.url, '{bad json');
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ id: null, jsonrpc: '2.0', error: { code: -32700 } });
  });
});

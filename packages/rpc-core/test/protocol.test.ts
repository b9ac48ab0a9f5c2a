// JSON-RPC 2.0 and Graphene's dialect: envelopes, ids, batches, notifications, routing, errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallOutcome, InvalidParamsError, RpcError, RpcServer } from '../src/index.ts';
import { started, wsUrl } from './helpers.ts';
import { post, type RawWs, rawWs } from './raw-client.ts';

const outcomes: CallOutcome[] = [];
let server: RpcServer;
let url: string;
let ws: RawWs;

beforeAll(async () => {
  ({ server, url } = await started(
    new RpcServer({ hooks: { onCallEnd: (outcome) => outcomes.push(outcome) } })
      .register('database', {
        echo: (args) => args,
        fail: () => {
          throw new Error('secret internal detail at /srv/db.ts:42');
        },
        typed: () => {
          throw new RpcError(-32050, 'Event is sold out', { eventId: 'e1' });
        },
        bad_field: () => {
          throw new InvalidParamsError('Invalid params: params[0].start must be an ISO date');
        },
        merge: ([patch]: [object]) => {
          const target = Object.assign({}, patch);
          return {
            polluted: ({} as Record<string, unknown>).polluted ?? null,
            keys: Object.keys(target),
          };
        },
        unserialisable: () => 10n,
        // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose, as some libraries return
        thenable: () => ({ then: (resolve: (value: number) => void) => resolve(42) }),
      })
      .register('history', { get_account_history: () => [] }),
  ));
  ws = await rawWs(wsUrl(url));
});
afterAll(async () => {
  await ws.close();
  await server.close();
});

describe('request envelopes', () => {
  it('echoes number, string and null ids exactly, and id 0', async () => {
    expect(await ws.ask('{"jsonrpc":"2.0","id":0,"method":"echo","params":[1]}')).toEqual({
      id: 0,
      jsonrpc: '2.0',
      result: [1],
    });
    expect(await ws.ask('{"jsonrpc":"2.0","id":"a-1","method":"echo"}')).toEqual({
      id: 'a-1',
      jsonrpc: '2.0',
      result: [],
    });
    expect(await ws.ask('{"jsonrpc":"2.0","id":null,"method":"echo"}')).toEqual({
      id: null,
      jsonrpc: '2.0',
      result: [],
    });
    expect(await ws.ask('{"id":1.5,"method":"echo","params":["x"]}')).toEqual({
      id: 1.5,
      jsonrpc: '2.0',
      result: ['x'],
    });
  });

  it('rejects an id that is an object, an array or a boolean with -32600 and id null', async () => {
    for (const id of ['{}', '[]', 'true']) {
      expect(await ws.ask(`{"id":${id},"method":"echo"}`)).toMatchObject({
        id: null,
        error: { code: -32600 },
      });
    }
  });

  it('rejects a jsonrpc other than "2.0", a missing method and non-array params with -32600', async () => {
    expect(await ws.ask('{"id":1,"jsonrpc":"1.0","method":"echo"}')).toMatchObject({
      id: 1,
      error: { code: -32600 },
    });
    expect(await ws.ask('{"id":2,"params":[]}')).toMatchObject({ id: 2, error: { code: -32600 } });
    expect(await ws.ask('{"id":3,"method":""}')).toMatchObject({ id: 3, error: { code: -32600 } });
    expect(await ws.ask('{"id":4,"method":"echo","params":5}')).toMatchObject({
      id: 4,
      error: { code: -32600 },
    });
  });

  it('rejects named params with -32602', async () => {
    expect(await ws.ask('{"id":1,"method":"echo","params":{"a":1}}')).toMatchObject({
      id: 1,
      error: { code: -32602 },
    });
  });

  it('answers a value that is not a request with -32600 and invalid JSON with -32700', async () => {
    expect(await ws.ask('42')).toMatchObject({ id: null, error: { code: -32600 } });
    expect(await ws.ask('{"id":1,')).toMatchObject({ id: null, error: { code: -32700 } });
  });

  it('sends nothing for notifications, answered or failing', async () => {
    ws.send('{"jsonrpc":"2.0","method":"echo","params":[1]}');
    ws.send('{"method":"no_such_method"}');
    ws.send('{"id":null,"method":"echo"}');
    expect(await ws.ask('{"id":"after","method":"echo"}')).toMatchObject({ id: 'after' });
    expect(ws.buffered).toBe(0);
  });
});

describe('batches', () => {
  it('answers a batch as an array in order, leaving notifications out', async () => {
    ws.send('[{"id":1,"method":"echo","params":[1]},{"method":"echo"},{"id":2,"method":"nope"},5]');
    const answer = JSON.parse(await ws.next());
    expect(answer).toEqual([
      { id: 1, jsonrpc: '2.0', result: [1] },
      { id: 2, jsonrpc: '2.0', error: expect.objectContaining({ code: -32601 }) },
      { id: null, jsonrpc: '2.0', error: expect.objectContaining({ code: -32600 }) },
    ]);
  });

  it('answers a one-item batch with a one-item array', async () => {
    ws.send('[{"id":9,"method":"echo"}]');
    expect(JSON.parse(await ws.next())).toEqual([{ id: 9, jsonrpc: '2.0', result: [] }]);
  });

  it('answers an empty batch with one -32600', async () => {
    expect(await ws.ask('[]')).toMatchObject({ id: null, error: { code: -32600 } });
  });

  it('answers a batch of notifications with nothing (204 over HTTP)', async () => {
    const answer = await post(url, '[{"jsonrpc":"2.0","method":"echo"},{"method":"echo"}]');
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
  });
});

describe('Graphene call routing', () => {
  it('routes call to numbered and named APIs, plain methods to API 0', async () => {
    expect(await ws.ask('{"id":1,"method":"call","params":[0,"echo",[7]]}')).toMatchObject({
      result: [7],
    });
    expect(await ws.ask('{"id":2,"method":"call","params":["database","echo",[8]]}')).toMatchObject(
      { result: [8] },
    );
    expect(
      await ws.ask('{"id":3,"method":"call","params":["history","get_account_history",[]]}'),
    ).toMatchObject({ result: [] });
    expect(
      await ws.ask('{"id":4,"method":"call","params":["login","get_available_api_sets",[]]}'),
    ).toMatchObject({
      result: ['database_api', 'history_api'],
    });
  });

  it('answers -32601 for unknown methods, unknown API ids and names, and the numeric string "0"', async () => {
    for (const params of [
      '[0,"no_such",[]]',
      '[99,"echo",[]]',
      '["nope","x",[]]',
      '["0","echo",[]]',
    ]) {
      expect(await ws.ask(`{"id":1,"method":"call","params":${params}}`)).toMatchObject({
        error: { code: -32601 },
      });
    }
    expect(await ws.ask('{"id":2,"method":"no_such_plain","params":[]}')).toMatchObject({
      error: { code: -32601 },
    });
    expect(await ws.ask('{"id":3,"method":"notice","params":[]}')).toMatchObject({
      error: { code: -32601 },
    });
  });

  it('answers -32602 for a call without three params or without an argument array', async () => {
    for (const params of [
      '[0,"echo"]',
      '[0,"echo",5]',
      '[-1,"echo",[]]',
      '[{},"echo",[]]',
      '[0,1,[]]',
    ]) {
      expect(await ws.ask(`{"id":1,"method":"call","params":${params}}`)).toMatchObject({
        error: { code: -32602 },
      });
    }
  });

  it('keeps API ids per connection: each connection counts from 2', async () => {
    const other = await rawWs(wsUrl(url));
    expect((await other.ask('{"id":1,"method":"call","params":[1,"history",[]]}')).result).toBe(2);
    expect(
      (await other.ask('{"id":2,"method":"call","params":[2,"get_account_history",[]]}')).result,
    ).toEqual([]);
    const fresh = await rawWs(wsUrl(url));
    expect(
      await fresh.ask('{"id":1,"method":"call","params":[2,"get_account_history",[]]}'),
    ).toMatchObject({
      error: { code: -32601 },
    });
    await Promise.all([other.close(), fresh.close()]);
  });
});

describe('errors', () => {
  it('hides what a handler threw behind -32603 Internal error', async () => {
    const answer = await ws.ask('{"id":1,"method":"fail"}');
    expect(answer).toEqual({
      id: 1,
      jsonrpc: '2.0',
      error: { code: -32603, message: 'Internal error' },
    });
    expect(JSON.stringify(answer)).not.toContain('secret');
  });

  it('passes an RpcError thrown on purpose through with its code, message and data', async () => {
    expect(await ws.ask('{"id":1,"method":"typed"}')).toEqual({
      id: 1,
      jsonrpc: '2.0',
      error: { code: -32050, message: 'Event is sold out', data: { eventId: 'e1' } },
    });
    expect(await ws.ask('{"id":2,"method":"bad_field"}')).toMatchObject({
      error: { code: -32602, message: expect.stringContaining('params[0].start') },
    });
  });

  it('awaits a thenable result like a promise', async () => {
    expect(await ws.ask('{"id":1,"method":"thenable"}')).toEqual({
      id: 1,
      jsonrpc: '2.0',
      result: 42,
    });
  });

  it('answers -32603 for a result that is not JSON', async () => {
    expect(await ws.ask('{"id":1,"method":"unserialisable"}')).toMatchObject({
      id: 1,
      error: { code: -32603 },
    });
  });

  it('reports calls to the hooks with api, method, outcome and code', () => {
    expect(outcomes).toContainEqual(
      expect.objectContaining({
        api: 'database',
        method: 'fail',
        outcome: 'error',
        code: -32603,
        error: expect.any(Error),
      }),
    );
    expect(outcomes).toContainEqual(
      expect.objectContaining({ api: 'database', method: 'echo', outcome: 'result' }),
    );
    expect(outcomes.every((outcome) => outcome.durationMs >= 0)).toBe(true);
  });
});

describe('prototype pollution', () => {
  it('strips __proto__, constructor and prototype keys from params', async () => {
    const text =
      '{"id":1,"method":"merge","params":[{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"ok":1}]}';
    const answer = await ws.ask(text);
    expect(answer.result).toEqual({ polluted: null, keys: ['ok'] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('strips those keys when they are written with \\u escapes too', async () => {
    // JSON.parse reads "\u005f_proto__" as __proto__ and "construct\u006fr" as constructor.
    const text =
      '{"id":1,"method":"merge","params":[{"\\u005f_proto__":{"polluted":true},"construct\\u006fr":{"prototype":{"polluted":true}},"ok":1}]}';
    const answer = await ws.ask(text);
    expect(answer.result).toEqual({ polluted: null, keys: ['ok'] });
    const echoed = await ws.ask('{"id":2,"method":"echo","params":[{"prot\\u006ftype":1,"k":2}]}');
    expect(echoed.result).toEqual([{ k: 2 }]);
  });

  it('cannot reach Object.prototype methods as RPC methods or API names', async () => {
    for (const text of [
      '{"id":1,"method":"toString"}',
      '{"id":2,"method":"call","params":[0,"constructor",[]]}',
      '{"id":3,"method":"call","params":["__proto__","x",[]]}',
      '{"id":4,"method":"call","params":[1,"hasOwnProperty",[]]}',
    ]) {
      expect(await ws.ask(text)).toMatchObject({ error: { code: -32601 } });
    }
  });
});

// The types of handlers and proxies: one interface declares an API for both the server's handlers
// and the client's proxy, and a mistake on either side is a compile error.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ApiHandlers,
  type ApiProxy,
  type CallContext,
  InvalidParamsError,
  LimitExceededError,
  RpcClient,
  RpcError,
  type RpcErrorCode,
  RpcServer,
  type StandardSchemaV1,
  validated,
} from '../src/index.ts';

interface Account {
  id: string;
  name: string;
}
interface DatabaseApi {
  get_accounts(ids: string[]): Account[];
  get_chain_id(): string;
  set_subscribe_callback(callbackId: number, clearFilter: boolean): null;
}

describe('ApiHandlers', () => {
  it('gives each handler its parameters as a tuple and the call context', () => {
    const handlers: ApiHandlers<DatabaseApi> = {
      get_accounts: (args, ctx) => {
        expectTypeOf(args).toEqualTypeOf<[ids: string[]]>();
        expectTypeOf(ctx).toEqualTypeOf<CallContext>();
        return args[0].map((id) => ({ id, name: id }));
      },
      get_chain_id: async () => 'chain',
      set_subscribe_callback: () => null,
    };
    new RpcServer().register('database', handlers);
  });

  it('refuses a handler with the wrong result or arguments, and a missing method', () => {
    const wrongResult: ApiHandlers<DatabaseApi> = {
      // @ts-expect-error the result must be Account[], not string[]
      get_accounts: ([ids]) => ids,
      get_chain_id: () => 'chain',
      set_subscribe_callback: () => null,
    };
    const wrongArgs: ApiHandlers<DatabaseApi> = {
      get_accounts: () => [],
      get_chain_id: () => 'chain',
      // @ts-expect-error callbackId is a number
      set_subscribe_callback: ([callbackId]: [string, boolean]) => (callbackId ? null : null),
    };
    // @ts-expect-error get_chain_id and set_subscribe_callback are missing
    const missing: ApiHandlers<DatabaseApi> = { get_accounts: () => [] };
    expectTypeOf([wrongResult, wrongArgs, missing]).toBeArray();
  });

  it('accepts a schema-checked method whose schema output is the tuple', () => {
    const ids = {} as StandardSchemaV1<unknown, [ids: string[]]>;
    const handlers: ApiHandlers<DatabaseApi> = {
      get_accounts: validated(ids, ([list]) => list.map((id) => ({ id, name: id }))),
      get_chain_id: () => 'chain',
      set_subscribe_callback: () => null,
    };
    expectTypeOf(handlers.get_accounts).not.toBeAny();
  });
});

describe('ApiProxy', () => {
  it('turns each method into one returning a promise of its result', () => {
    expectTypeOf<ApiProxy<DatabaseApi>['get_accounts']>().toEqualTypeOf<
      (ids: string[]) => Promise<Account[]>
    >();
    expectTypeOf<ApiProxy<DatabaseApi>['get_chain_id']>().toEqualTypeOf<() => Promise<string>>();
  });

  it('is what client.api<T>() returns, and checks arguments at the call', () => {
    const database = new RpcClient('http://127.0.0.1:1').api<DatabaseApi>('database');
    expectTypeOf(database).toEqualTypeOf<ApiProxy<DatabaseApi>>();
    expectTypeOf(database.get_accounts(['1.2.0'])).toEqualTypeOf<Promise<Account[]>>();
    // @ts-expect-error ids is an array of strings
    void database.get_accounts('1.2.0');
    // @ts-expect-error no such method
    void database.get_account_history();
  });
});

describe('errors', () => {
  it('types codes as the known JSON-RPC codes or an application number', () => {
    expectTypeOf(new RpcError(-32050, 'sold out').code).toEqualTypeOf<RpcErrorCode>();
    expectTypeOf<-32602>().toExtend<RpcErrorCode>();
    expectTypeOf(new InvalidParamsError('bad')).toExtend<RpcError>();
    expectTypeOf(new LimitExceededError('big').limit).toEqualTypeOf<string | undefined>();
  });
});

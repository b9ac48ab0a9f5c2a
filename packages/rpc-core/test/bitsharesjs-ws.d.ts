// bitsharesjs-ws ships no types; the interop test uses this much of it.
declare module 'bitsharesjs-ws' {
  interface GrapheneApi {
    exec(method: string, params: unknown[]): Promise<unknown>;
  }
  interface ApisInstance {
    init_promise: Promise<unknown>;
    chain_id: string;
    db_api(): GrapheneApi;
    history_api(): GrapheneApi;
    network_api(): GrapheneApi;
  }
  export const Apis: {
    instance(url: string, connect: boolean, connectTimeout?: number): ApisInstance;
    close(): Promise<void>;
  };
}

// Answer a call over WebSocket with an application error the caller can read: with @convene/rpc-core.
import { RpcClient, RpcError, RpcServer } from '../../src/index.ts';

export async function error(id: string): Promise<{ code: number; message: string }> {
  const server = new RpcServer().register('database', {
    get_account: ([id]: [string]) => {
      throw new RpcError(-32004, `No account ${id}`);
    },
  });
  const { url } = await server.listen(0);
  const client = new RpcClient(url.replace('http:', 'ws:'));
  const failure = await client.call<never>('get_account', [id]).catch((error: RpcError) => error);
  await client.close();
  await server.close();
  return { code: failure.code, message: failure.message };
}

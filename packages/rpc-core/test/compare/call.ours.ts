// Serve a method over HTTP and call it from a client: with @convene/rpc-core.
import { RpcClient, RpcServer } from '../../src/index.ts';

export async function call(ids: string[]): Promise<unknown> {
  const server = new RpcServer().register('database', {
    get_accounts: ([ids]: [string[]]) => ids.map((id) => ({ id, name: `account ${id}` })),
  });
  const { url } = await server.listen(0);
  const client = new RpcClient(`${url}/rpc`);
  const accounts = await client.call('get_accounts', [ids]);
  await client.close();
  await server.close();
  return accounts;
}

// Subscribe over WebSocket and receive what the server pushes: with @convene/rpc-core.
import { RpcClient, RpcServer } from '../../src/index.ts';

export async function push(prices: number[]): Promise<unknown[]> {
  const server = new RpcServer().register('database', {
    subscribe_prices: ([callbackId]: [number], ctx) => {
      for (const price of prices) ctx.notify(callbackId, price);
    },
  });
  const { url } = await server.listen(0);
  const client = new RpcClient(url.replace('http:', 'ws:'));
  const received: unknown[] = [];
  await new Promise<void>((resolve) => {
    client.subscribe('database', 'subscribe_prices', [], (price) => {
      if (received.push(price) === prices.length) resolve();
    });
  });
  await client.close();
  await server.close();
  return received;
}

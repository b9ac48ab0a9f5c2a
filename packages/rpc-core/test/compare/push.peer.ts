// Subscribe over WebSocket and receive what the server pushes: with rpc-websockets.
import type { AddressInfo } from 'node:net';
import { Client, Server } from 'rpc-websockets';

export async function push(prices: number[]): Promise<unknown[]> {
  const server = new Server({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.on('listening', resolve));
  server.event('prices');
  const { port } = server.wss.address() as AddressInfo;
  const client = new Client(`ws://127.0.0.1:${port}`);
  await new Promise((resolve) => client.on('open', resolve));
  const received: unknown[] = [];
  const done = new Promise<void>((resolve) => {
    client.on('prices', (price) => {
      if (received.push(price) === prices.length) resolve();
    });
  });
  await client.subscribe('prices');
  for (const price of prices) server.emit('prices', price);
  await done;
  client.close();
  await server.close();
  return received;
}

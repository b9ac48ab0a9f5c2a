// Answer a call over WebSocket with an application error the caller can read: with rpc-websockets.
import type { AddressInfo } from 'node:net';
import { Client, Server } from 'rpc-websockets';

export async function error(id: string): Promise<{ code: number; message: string }> {
  const server = new Server({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.on('listening', resolve));
  server.register('get_account', (params) => {
    throw { code: -32004, message: `No account ${(params as string[])[0]}` };
  });
  const { port } = server.wss.address() as AddressInfo;
  const client = new Client(`ws://127.0.0.1:${port}`);
  await new Promise((resolve) => client.on('open', resolve));
  const failure = (await client.call('get_account', [id]).catch((error) => error)) as {
    code: number;
    message: string;
  };
  client.close();
  await server.close();
  return { code: failure.code, message: failure.message };
}

// Serve a method over HTTP and call it from a client: with json-rpc-2.0 on node:http and fetch.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JSONRPCClient, type JSONRPCResponse, JSONRPCServer } from 'json-rpc-2.0';

export async function call(ids: string[]): Promise<unknown> {
  const rpc = new JSONRPCServer();
  rpc.addMethod('get_accounts', ([ids]: [string[]]) =>
    ids.map((id) => ({ id, name: `account ${id}` })),
  );
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const response = await rpc.receive(JSON.parse(body));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new JSONRPCClient(async (request) => {
    const response = await fetch(`http://127.0.0.1:${port}/rpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    client.receive((await response.json()) as JSONRPCResponse);
  });
  const accounts = await client.request('get_accounts', [ids]);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return accounts;
}

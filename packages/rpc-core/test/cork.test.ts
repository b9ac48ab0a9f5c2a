// Corking: ws's socket is corked once per tick and uncorked when the tick ends; without one, plain sends.
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { corkableSocket, corkUntilNextTick } from '../src/cork.ts';
import { RpcServer } from '../src/index.ts';
import { started, wsUrl } from './helpers.ts';
import { rawWs } from './raw-client.ts';

const nextTick = () => new Promise<void>((resolve) => process.nextTick(resolve));

describe('corking the socket under ws', () => {
  it("finds ws's socket, corks it once per tick and uncorks it when the tick ends", async () => {
    const { server, url } = await started(
      new RpcServer().register('database', { ping: () => 'pong' }),
    );
    const client = await rawWs(wsUrl(url));
    // If this fails, ws no longer keeps its socket in `_socket`: corking is off (still correct).
    const socket = corkableSocket(client.socket) as unknown as { writableCorked: number } | null;
    expect(socket).not.toBeNull();
    corkUntilNextTick(client.socket);
    corkUntilNextTick(client.socket);
    expect(socket?.writableCorked).toBe(1);
    await nextTick();
    expect(socket?.writableCorked).toBe(0);
    expect(await client.ask('{"id":1,"method":"ping"}')).toMatchObject({ result: 'pong' });
    await client.close();
    await server.close();
  });

  it('falls back to plain sends when there is no usable socket: connecting, closed, or unknown', async () => {
    const { server, url } = await started(
      new RpcServer().register('database', { ping: () => 'pong' }),
    );
    const connecting = new WebSocket(wsUrl(url));
    expect(corkableSocket(connecting)).toBeNull(); // ws sets `_socket` only once open
    expect(() => corkUntilNextTick(connecting)).not.toThrow();
    const answered = new Promise<string>((resolve) => {
      connecting.once('message', (data: Buffer) => resolve(data.toString('utf8')));
    });
    await new Promise((resolve) => connecting.once('open', resolve));
    connecting.send('{"id":1,"method":"ping"}');
    expect(JSON.parse(await answered)).toMatchObject({ id: 1, result: 'pong' });
    await new Promise((resolve) => {
      connecting.once('close', resolve);
      connecting.close();
    });
    expect(corkableSocket(connecting)).toBeNull(); // its socket is destroyed
    expect(() => corkUntilNextTick(connecting)).not.toThrow();
    // A ws whose private field changed shape: no cork, no throw.
    for (const shape of [{}, { _socket: {} }, { _socket: { cork: 1, uncork: 2 } }]) {
      const stranger = shape as unknown as WebSocket;
      expect(corkableSocket(stranger)).toBeNull();
      expect(() => corkUntilNextTick(stranger)).not.toThrow();
    }
    await server.close();
  });
});

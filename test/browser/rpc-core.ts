// In the page: the rpc-core client calls a server over fetch and WebSocket and receives a notice.
import { LimitExceededError, RpcClient } from '@convene/rpc-core';

async function scenario(origin: string) {
  const overHttp = new RpcClient(`${origin}/rpc`);
  const sum = await overHttp.call<number>('add', [2, 3]);
  const echoed = await overHttp.api<{ echo(text: string): string }>('database').echo('grüße');
  await overHttp.close();

  const socket = new RpcClient(origin.replace(/^http/, 'ws'), {
    limits: { maxMessageBytes: 4096 },
    reconnect: { initialDelayMs: 10 },
  });
  const notice = new Promise<unknown[]>((resolve) => {
    void socket.subscribe('database', 'subscribe_ticks', ['tick'], (...data) => resolve(data));
  });
  const received = await notice;
  const tooLarge = await socket.call('text', [10_000]).then(
    () => 'answered',
    (error: unknown) =>
      error instanceof LimitExceededError ? 'LimitExceededError' : String(error),
  );
  const afterReconnect = await socket.call<number>('add', [20, 22]);
  await socket.close();

  const withCredentials = new RpcClient(origin.replace(/^http/, 'ws'), {
    user: 'u',
    password: 'p',
  });
  const refused = await withCredentials.call('add', [1, 1]).then(
    () => 'answered',
    (error: unknown) => (error instanceof TypeError ? 'TypeError' : String(error)),
  );
  await withCredentials.close();
  return { sum, echoed, received, tooLarge, afterReconnect, refused };
}

Object.assign(globalThis, { scenario });

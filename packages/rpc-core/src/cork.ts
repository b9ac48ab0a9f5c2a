import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

const corked = new WeakSet<Duplex>();

/**
 * Holds the socket under `ws` corked until the current tick ends, so that frames sent in one tick
 * (answers to pipelined requests, a broadcast) leave in one write instead of one syscall each.
 * `ws` has no public switch for this; it writes to its `_socket`, a `net.Socket`.
 */
export function corkUntilNextTick(ws: WebSocket): void {
  const socket = (ws as unknown as { _socket?: Duplex })._socket;
  if (socket === undefined || corked.has(socket)) return;
  corked.add(socket);
  socket.cork();
  process.nextTick(() => {
    corked.delete(socket);
    socket.uncork();
  });
}

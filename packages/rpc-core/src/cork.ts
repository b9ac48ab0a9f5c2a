// Corking a WebSocket until the next tick, so that answers written in one tick leave in one TCP write.
import type { WebSocket } from 'ws';

/** The part of a `net.Socket` that corking needs. */
interface Corkable {
  readonly destroyed: boolean;
  readonly writable: boolean;
  cork(): void;
  uncork(): void;
}

const corked = new WeakSet<Corkable>();

/**
 * The TCP socket under a `ws` WebSocket, when it can be corked now; null otherwise. `ws` has no
 * public handle on it: it keeps it in `_socket`, a private field, so everything is checked, and a
 * `ws` that renamed or changed it makes this return null (frames then leave one write each).
 */
export function corkableSocket(ws: WebSocket): Corkable | null {
  const socket: unknown = (ws as unknown as { _socket?: unknown })._socket;
  if (typeof socket !== 'object' || socket === null) return null;
  const candidate = socket as Partial<Corkable>;
  if (typeof candidate.cork !== 'function' || typeof candidate.uncork !== 'function') return null;
  if (candidate.destroyed === true || candidate.writable !== true) return null;
  return candidate as Corkable;
}

/**
 * Holds the socket under `ws` corked until the current tick ends, so that frames sent in one tick
 * (answers to pipelined requests, a broadcast) leave in one write instead of one syscall each.
 * Does nothing when the socket cannot be reached (see {@link corkableSocket}); sending works the
 * same, only with more writes.
 */
export function corkUntilNextTick(ws: WebSocket): void {
  const socket = corkableSocket(ws);
  if (socket === null || corked.has(socket)) return;
  corked.add(socket);
  socket.cork();
  process.nextTick(() => {
    corked.delete(socket);
    socket.uncork();
  });
}

// What a transport (HTTP, WebSocket) needs from the server it serves for.
import type { Authenticator } from '../auth.js';
import type { Limits } from '../limits.js';
import type { Dispatcher } from './dispatch.js';
import type { RpcHooks } from './hooks.js';
import type { RequestGuard } from './request-guard.js';

/** The server as its transports see it. */
export interface TransportHost {
  readonly dispatcher: Dispatcher;
  readonly authenticator: Authenticator;
  readonly limits: Limits;
  readonly hooks: RpcHooks;
  /** The Host and Origin checks every request passes first. */
  readonly guard: RequestGuard;
  /** True once `close()` was called: new connections and requests are refused. */
  isClosing(): boolean;
  /** A connection id, unique per server. */
  nextConnectionId(): number;
}

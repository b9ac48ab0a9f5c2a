// Observability hooks: calls and connections as a logger or metrics library wants them.
import type { Connection } from '../api.js';

/** A call as the observability hooks see it (never its arguments, which may hold passwords). */
export interface CallInfo {
  readonly connection: Connection;
  /** The API name the call went to. */
  readonly api: string;
  readonly method: string;
}

/** The end of a call: how long it took and how it ended. */
export interface CallOutcome extends CallInfo {
  readonly durationMs: number;
  readonly outcome: 'result' | 'error';
  /** The JSON-RPC error code sent, when `outcome` is `'error'`. */
  readonly code?: number;
  /** What the handler threw, for logging; the client got only a code and message. */
  readonly error?: unknown;
}

/** Observability hooks; rpc-core imports no logger. A hook that throws is ignored. */
export interface RpcHooks {
  onCallStart?(info: CallInfo): void;
  onCallEnd?(outcome: CallOutcome): void;
  /** A WebSocket connection opened (HTTP requests are reported through their calls only). */
  onConnectionOpen?(connection: Connection): void;
  /** A WebSocket connection closed; its callbacks are gone. */
  onConnectionClose?(connection: Connection): void;
}

/** Runs a hook, keeping its exceptions away from the server. */
export function runHook<T>(hook: ((value: T) => void) | undefined, value: T): void {
  if (hook === undefined) return;
  try {
    hook(value);
  } catch {
    // A broken observer must not break the call it observes.
  }
}

// The bounds the client puts on what the server sends it.

import { LimitExceededError } from '../errors.js';
/** Every bound of {@link RpcClient} on what comes from the server. Sizes in bytes. */
export interface ClientLimits {
  /**
   * Largest message received: an HTTP answer body or a WebSocket message. Past it the call fails
   * with LimitExceededError (its `limit` is `'maxMessageBytes'`); over WebSocket the socket is
   * closed, every call in flight fails the same way and the client reconnects. Default 16 MiB.
   */
  readonly maxMessageBytes: number;
}

/** The defaults of {@link ClientLimits}. */
export const DEFAULT_CLIENT_LIMITS: ClientLimits = Object.freeze({
  maxMessageBytes: 16 * 1024 * 1024,
});

/** `limits` over the defaults; throws RangeError for a bound that is not a positive integer. */
export function clientLimits(limits: Partial<ClientLimits> = {}): ClientLimits {
  const merged = { ...DEFAULT_CLIENT_LIMITS, ...limits };
  for (const [name, value] of Object.entries(merged)) {
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new RangeError(`Client limit ${name} must be a positive integer, got ${value}`);
  }
  return Object.freeze(merged);
}

/** The error of a message from the server larger than `maxMessageBytes`. */
export function messageTooLarge(maxMessageBytes: number): LimitExceededError {
  return LimitExceededError.of('maxMessageBytes', maxMessageBytes, 'A message from the server');
}

// Reconnection settings and the delay before each attempt.
/** How a WebSocket client reconnects. */
export interface ReconnectOptions {
  /** Delay before the first attempt. Default 100 ms. */
  readonly initialDelayMs?: number;
  /** Longest delay between attempts. Default 10,000 ms. */
  readonly maxDelayMs?: number;
  /** Attempts before giving up (then calls fail with ConnectionClosedError). Default Infinity. */
  readonly maxAttempts?: number;
}

/**
 * Exponential backoff with "equal jitter": half the capped exponential delay, plus a random part
 * of the other half, so that many clients dropped at once do not come back in step.
 */
export function backoffDelay(
  attempt: number,
  options: ReconnectOptions,
  random = Math.random,
): number {
  const initial = options.initialDelayMs ?? 100;
  const max = options.maxDelayMs ?? 10_000;
  const capped = Math.min(max, initial * 2 ** attempt);
  return capped / 2 + random() * (capped / 2);
}

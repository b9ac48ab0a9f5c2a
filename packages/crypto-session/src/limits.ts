// Every bound the package puts on what comes from outside, with safe defaults.
import { LimitExceededError } from './errors.js';

/** Bounds on sizes and times. Sizes in bytes, durations in seconds. */
export interface Limits {
  /** Largest request or response body read; larger is `ERR_LIMIT_EXCEEDED` (HTTP 413). Default 1 MiB. */
  readonly maxBodyBytes: number;
  /** Longest login `info` text; longer is `ERR_LIMIT_EXCEEDED`. Default 4096. */
  readonly maxInfoBytes: number;
  /** Longest session a login may ask for: `session_duration` is clamped to it (Psono's 600). Default 600. */
  readonly maxSessionSeconds: number;
  /** Session length when the login names none, before clamping (Psono's 86,400). Default 86,400. */
  readonly defaultSessionSeconds: number;
  /** A session unused this long ends (`ERR_EXPIRED`). Default 300. */
  readonly idleTimeoutSeconds: number;
  /** Allowed drift of `Authorization-Validator`'s `request_time` (Psono's 20). Default 20. */
  readonly validatorWindowSeconds: number;
  /** Response nonces a client session remembers to refuse a replayed answer. Default 10,000. */
  readonly maxRememberedNonces: number;
}

/** The defaults of {@link Limits}. */
export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxBodyBytes: 1024 * 1024,
  maxInfoBytes: 4096,
  maxSessionSeconds: 600,
  defaultSessionSeconds: 86_400,
  idleTimeoutSeconds: 300,
  validatorWindowSeconds: 20,
  maxRememberedNonces: 10_000,
});

/**
 * The defaults overridden by `limits`.
 * @throws {RangeError} a limit that is not a non-negative finite number.
 */
export function resolveLimits(limits: Partial<Limits> = {}): Limits {
  const merged = { ...DEFAULT_LIMITS, ...limits };
  for (const [name, value] of Object.entries(merged)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new RangeError(`limits.${name} must be a non-negative finite number`);
  }
  return Object.freeze(merged);
}

/**
 * Refuses a size past its limit.
 * @throws {LimitExceededError}
 */
export function checkSize(
  size: number,
  limits: Limits,
  limit: 'maxBodyBytes' | 'maxInfoBytes',
  what: string,
): void {
  if (size > limits[limit]) throw new LimitExceededError(limit, limits[limit], what);
}

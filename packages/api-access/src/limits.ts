// Every bound this package puts on what comes from outside: the size of an api-access file and
// the length of the credentials of one login.

/** The bounds of this package; pass `limits: Partial<Limits>` to change some of them. */
export interface Limits {
  /**
   * Largest api-access file read, in bytes. A larger file is refused with a
   * {@link LimitExceededError} naming `maxFileBytes` (on a reload, the old map stays in force).
   * Default 1 MiB: a map of thousands of users fits in far less.
   */
  readonly maxFileBytes: number;
  /**
   * Longest user name or password, in UTF-16 units. A login with a longer one fails (resolves
   * `null`) without being hashed or tracked under its own name; the CLI refuses such a password
   * with a {@link LimitExceededError}. Default 1024.
   */
  readonly maxCredentialLength: number;
}

/** The defaults of {@link Limits}. */
export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxFileBytes: 1024 * 1024,
  maxCredentialLength: 1024,
});

/**
 * `DEFAULT_LIMITS` with the given bounds in place of the defaults.
 *
 * @throws {RangeError} when a bound is not a positive safe integer.
 */
export function resolveLimits(limits: Partial<Limits> = {}): Limits {
  const resolved = { ...DEFAULT_LIMITS };
  for (const name of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    const value = limits[name];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1)
      throw new RangeError(`limits.${name} must be a positive integer, got ${String(value)}`);
    resolved[name] = value;
  }
  return Object.freeze(resolved);
}

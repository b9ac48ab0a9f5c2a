/**
 * Runs `fn` between `enter()` and `exit()`. When `fn` returns a promise, `exit()` waits for it to
 * settle; `exit()` runs even when `fn` throws or rejects.
 */
export function scoped<T>(enter: () => void, exit: () => void, fn: () => T): T {
  enter();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    exit();
    throw error;
  }
  if (isPromiseLike(result)) {
    return Promise.resolve(result).finally(exit) as T;
  }
  exit();
  return result;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/** A switch that mutes signals while its depth is above zero; entered by nested scopes. */
export class MuteSwitch {
  depth = 0;

  /** Runs `fn` with the switch on, and turns it back when `fn` ends (see {@link scoped}). */
  run<T>(fn: () => T): T {
    return scoped(
      () => {
        this.depth++;
      },
      () => {
        this.depth--;
      },
      fn,
    );
  }
}

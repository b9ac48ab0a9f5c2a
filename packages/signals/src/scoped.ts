// Scopes that undo what they set up however they end, and the mute switch built on them.

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

/** A switch that mutes signals while any of its nested scopes is open. */
export class MuteSwitch {
  #depth = 0;

  /** Whether a scope is open now. */
  get isMuted(): boolean {
    return this.#depth !== 0;
  }

  /** Runs `fn` with the switch on, and turns it back when `fn` ends (see {@link scoped}). */
  run<T>(fn: () => T): T {
    return scoped(
      () => {
        this.#depth++;
      },
      () => {
        this.#depth--;
      },
      fn,
    );
  }
}

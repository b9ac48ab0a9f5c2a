// A count of requests in flight, and the promises a graceful close waits on until it is zero.

/** Requests begun and not yet ended; {@link InFlight.drained} resolves once none are left. */
export class InFlight {
  #count = 0;
  readonly #waiters: (() => void)[] = [];

  /** How many are in flight now. */
  get count(): number {
    return this.#count;
  }

  begin(): void {
    this.#count++;
  }

  /** Ends one; the last to end wakes whoever waits in {@link drained}. */
  end(): void {
    this.#count--;
    this.settle();
  }

  /**
   * Ends one without waking anyone, for a caller that may begin more at once: it calls
   * {@link settle} after them, so that nobody sees a drain that lasted no time.
   */
  endQuietly(): void {
    this.#count--;
  }

  /** Wakes whoever waits in {@link drained} when none are in flight. */
  settle(): void {
    if (this.#count > 0) return;
    for (const resolve of this.#waiters.splice(0)) resolve();
  }

  /** Resolves when none are in flight (at once when none are). */
  drained(): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

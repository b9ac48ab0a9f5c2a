// One stack of undo steps for a node's parts, run newest first.
/** What a started part of the node needs to undo: run last-in, first-out when the node stops. */
export type Cleanup = () => Promise<void> | void;

/**
 * The undo steps of a starting or running node. Each start step pushes its own cleanup as soon as
 * it has something to undo, so a start that fails halfway closes exactly what it opened, and a
 * node that stops closes its parts in the reverse order of opening them.
 */
export class CleanupStack {
  readonly #steps: Cleanup[] = [];
  #unwinding: Promise<void> | undefined;

  /** Registers `cleanup` to run before every cleanup registered earlier. */
  push(cleanup: Cleanup): void {
    this.#steps.push(cleanup);
  }

  /**
   * Runs every cleanup, newest first, each once even if an earlier one fails; rejects with the
   * first failure after all have run. Idempotent: later calls return the same promise.
   */
  unwind(): Promise<void> {
    this.#unwinding ??= this.#run();
    return this.#unwinding;
  }

  async #run(): Promise<void> {
    const failures: unknown[] = [];
    for (let step = this.#steps.pop(); step; step = this.#steps.pop()) {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}

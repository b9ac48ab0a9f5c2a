// Answers kept per event until a change names the event.
/** Most events whose reads and exports are kept; the least recently filled go first. */
export const MAX_CACHED_EVENTS = 1000;

/** The scope of reads that span every event (`get_events`): dropped on any change. */
export const ALL_EVENTS = '*';

/** One kept answer: the load, and its value once it has arrived. */
interface Entry {
  readonly loading: Promise<unknown>;
  loaded: boolean;
  value: unknown;
}

/**
 * Answers kept per event (the schedule reads, the rendered calendars), dropped when a change
 * signal names the event. A load that overlaps a drop is served to its callers but not kept, so
 * the cache never holds an answer older than the last change it heard of. Failed loads are not
 * kept either.
 */
export class EventCache {
  readonly #scopes = new Map<string, Map<string, Entry>>();
  readonly #generations = new Map<string, number>();
  #epoch = 0;

  constructor(private readonly maxScopes = MAX_CACHED_EVENTS) {}

  /**
   * The answer kept for `key` in the scope of `eventId`, loaded by `load` when there is none. A
   * loaded answer is returned as it is, not as a promise, so a cached read costs no promise hop.
   */
  get<T>(eventId: string, key: string, load: () => Promise<T>): T | Promise<T> {
    const cached = this.#scopes.get(eventId)?.get(key);
    if (cached) return (cached.loaded ? cached.value : cached.loading) as T | Promise<T>;
    const stamp = this.#stamp(eventId);
    const entry: Entry = { loading: load(), loaded: false, value: undefined };
    let scope = this.#scopes.get(eventId);
    if (!scope) {
      scope = new Map();
      this.#scopes.set(eventId, scope);
      this.#evict();
    }
    scope.set(key, entry);
    entry.loading.then(
      (value) => {
        if (this.#stamp(eventId) !== stamp) this.#forget(eventId, key, entry);
        else Object.assign(entry, { loaded: true, value });
      },
      () => this.#forget(eventId, key, entry),
    );
    return entry.loading as Promise<T>;
  }

  /** Drops everything kept for one event, and the reads spanning all events. */
  invalidate(eventId: string): void {
    for (const scope of [eventId, ALL_EVENTS]) {
      this.#generations.set(scope, (this.#generations.get(scope) ?? 0) + 1);
      this.#scopes.delete(scope);
    }
  }

  /** Drops everything (after notifications from other nodes may have been missed). */
  clear(): void {
    this.#epoch++;
    this.#scopes.clear();
    this.#generations.clear();
  }

  /** Answers kept now, over all events. */
  get size(): number {
    let count = 0;
    for (const scope of this.#scopes.values()) count += scope.size;
    return count;
  }

  #stamp(eventId: string): string {
    return `${this.#epoch}.${this.#generations.get(eventId) ?? 0}`;
  }

  #forget(eventId: string, key: string, entry: Entry): void {
    const scope = this.#scopes.get(eventId);
    if (scope?.get(key) === entry) scope.delete(key);
  }

  #evict(): void {
    while (this.#scopes.size > this.maxScopes) {
      const oldest = this.#scopes.keys().next().value as string;
      this.#scopes.delete(oldest);
    }
  }
}

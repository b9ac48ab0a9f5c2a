// Sessions in a Map of this process: for tests, a single process, or as a model for other stores.
import {
  checkFilter,
  matchesFilter,
  type SessionFilter,
  type SessionStore,
  type StoredSession,
} from './session-store.js';

/** A {@link SessionStore} in memory. Expired sessions and remembered keys are swept at most once a second, on insert and list. */
export class MemorySessionStore implements SessionStore {
  #sessions = new Map<string, StoredSession>();
  #remembered = new Map<string, { until: number; sessionId: string | undefined }>();
  #now: () => number;
  #nextSweep = 0;

  /** `now` is the clock used to sweep expired entries (default `Date.now`). */
  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async insert(session: StoredSession): Promise<void> {
    this.#sweep();
    this.#sessions.set(session.id, { ...session });
  }

  async get(id: string): Promise<StoredSession | undefined> {
    const session = this.#sessions.get(id);
    return session && { ...session };
  }

  async touch(id: string, lastSeenAt: number): Promise<void> {
    const session = this.#sessions.get(id);
    if (session) this.#sessions.set(id, { ...session, lastSeenAt });
  }

  async delete(id: string): Promise<boolean> {
    for (const [key, entry] of this.#remembered)
      if (entry.sessionId === id) this.#remembered.delete(key);
    return this.#sessions.delete(id);
  }

  async list(filter: SessionFilter): Promise<StoredSession[]> {
    checkFilter(filter);
    this.#sweep();
    return [...this.#sessions.values()]
      .filter((session) => matchesFilter(session, filter))
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((session) => ({ ...session }));
  }

  async deleteMany(filter: SessionFilter): Promise<number> {
    let count = 0;
    for (const session of await this.list(filter)) if (await this.delete(session.id)) count++;
    return count;
  }

  async remember(key: string, expiresAt: number, sessionId?: string): Promise<boolean> {
    const entry = this.#remembered.get(key);
    if (entry !== undefined && entry.until > this.#now()) return false;
    this.#remembered.set(key, { until: expiresAt, sessionId });
    return true;
  }

  // At most once a second, so that inserting stays O(1) amortized with many live sessions.
  #sweep(): void {
    const now = this.#now();
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + 1000;
    for (const [id, session] of this.#sessions)
      if (session.expiresAt <= now) this.#sessions.delete(id);
    for (const [key, entry] of this.#remembered)
      if (entry.until <= now) this.#remembered.delete(key);
  }
}

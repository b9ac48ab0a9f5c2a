// Where a client keeps live sessions between runs: a pluggable engine (memory here, a sealed
// file in `@convene/crypto-session/node`), so a command reuses a session instead of logging in.
import type { SessionState } from './client-session.js';

/** A session cache engine, keyed by server URL and API key id. */
export interface SessionCache {
  get(key: string): Promise<SessionState | undefined>;
  set(key: string, state: SessionState): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The cache key of a server and API key. */
export function cacheKeyOf(serverUrl: string, apiKeyId: string): string {
  return `${serverUrl} ${apiKeyId}`;
}

/** A {@link SessionCache} in this process's memory. */
export class MemorySessionCache implements SessionCache {
  #entries = new Map<string, SessionState>();

  async get(key: string): Promise<SessionState | undefined> {
    const state = this.#entries.get(key);
    return state && structuredClone(state);
  }

  async set(key: string, state: SessionState): Promise<void> {
    this.#entries.set(key, structuredClone(state));
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }
}

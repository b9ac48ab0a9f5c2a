// Sessions in Redis through one function that sends a command (node-redis `sendCommand`, ioredis
// `call`): a hash per session that expires with it, a set per user and per key, SET NX for replays.
import {
  checkFilter,
  type SessionFilter,
  type SessionStore,
  type StoredSession,
} from './session-store.js';

/** Sends one Redis command and resolves to its reply, e.g. `(args) => client.sendCommand(args)`. */
export type RedisCommand = (args: string[]) => Promise<unknown>;

/** Options of {@link RedisSessionStore}. */
export interface RedisSessionStoreOptions {
  /** Sends a command: `(args) => client.sendCommand(args)` (node-redis) or `(args) => client.call(...args)` (ioredis). */
  command: RedisCommand;
  /** Prefix of every key the store writes. Default `crypto-session:`. */
  keyPrefix?: string;
}

// Inserts the hash and its index entries, all expiring with the session.
const INSERT = `
redis.call('HSET', KEYS[1], 'record', ARGV[1], 'lastSeenAt', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
for i = 2, 3 do
  redis.call('SADD', KEYS[i], ARGV[4])
  if redis.call('PEXPIRETIME', KEYS[i]) < tonumber(ARGV[3]) then redis.call('PEXPIREAT', KEYS[i], ARGV[3]) end
end
return 1`;

// Only touches a session that still exists, so an expired one is not brought back without a TTL.
const TOUCH = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1]) end
return 1`;

// Remembers a key once; a key owned by a session is also listed in that session's set.
const REMEMBER = `
local ok = redis.call('SET', KEYS[1], '1', 'NX', 'PXAT', ARGV[1])
if ok and KEYS[2] then
  redis.call('SADD', KEYS[2], KEYS[1])
  if redis.call('PEXPIRETIME', KEYS[2]) < tonumber(ARGV[1]) then redis.call('PEXPIREAT', KEYS[2], ARGV[1]) end
end
if ok then return 1 else return 0 end`;

/** A {@link SessionStore} in Redis (6.2 or later; 7.0 for `PEXPIRETIME`). */
export class RedisSessionStore implements SessionStore {
  #command: RedisCommand;
  #prefix: string;

  constructor(options: RedisSessionStoreOptions) {
    if (typeof options?.command !== 'function')
      throw new TypeError('command must be a function sending a Redis command');
    this.#command = options.command;
    this.#prefix = options.keyPrefix ?? 'crypto-session:';
  }

  #key(kind: 's' | 'u' | 'k' | 'm' | 'n', id: string): string {
    return `${this.#prefix}${kind}:${id}`;
  }

  async insert(session: StoredSession): Promise<void> {
    await this.#command([
      'EVAL',
      INSERT,
      '3',
      this.#key('s', session.id),
      this.#key('u', session.userId),
      this.#key('k', session.apiKeyId),
      JSON.stringify(session),
      String(session.lastSeenAt),
      String(session.expiresAt),
      session.id,
    ]);
  }

  async get(id: string): Promise<StoredSession | undefined> {
    const reply = (await this.#command(['HMGET', this.#key('s', id), 'record', 'lastSeenAt'])) as (
      | string
      | null
    )[];
    const [record, lastSeenAt] = reply;
    if (typeof record !== 'string') return undefined;
    return { ...(JSON.parse(record) as StoredSession), lastSeenAt: Number(lastSeenAt) };
  }

  async touch(id: string, lastSeenAt: number): Promise<void> {
    await this.#command(['EVAL', TOUCH, '1', this.#key('s', id), String(lastSeenAt)]);
  }

  async delete(id: string): Promise<boolean> {
    const session = await this.get(id);
    const owned = (await this.#command(['SMEMBERS', this.#key('n', id)])) as string[];
    if (owned.length > 0) await this.#command(['DEL', ...owned, this.#key('n', id)]);
    if (!session) return false;
    const removed = Number(await this.#command(['DEL', this.#key('s', id)]));
    await this.#command(['SREM', this.#key('u', session.userId), id]);
    await this.#command(['SREM', this.#key('k', session.apiKeyId), id]);
    return removed > 0;
  }

  async list(filter: SessionFilter): Promise<StoredSession[]> {
    checkFilter(filter);
    const index =
      filter.userId !== undefined
        ? this.#key('u', filter.userId)
        : this.#key('k', filter.apiKeyId as string);
    const ids = (await this.#command(['SMEMBERS', index])) as string[];
    const sessions: StoredSession[] = [];
    for (const id of ids) {
      const session = await this.get(id);
      if (!session) await this.#command(['SREM', index, id]);
      else if (filter.apiKeyId === undefined || session.apiKeyId === filter.apiKeyId)
        sessions.push(session);
    }
    return sessions.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  }

  async deleteMany(filter: SessionFilter): Promise<number> {
    let count = 0;
    for (const session of await this.list(filter)) if (await this.delete(session.id)) count++;
    return count;
  }

  async remember(key: string, expiresAt: number, sessionId?: string): Promise<boolean> {
    const at = String(Math.max(1, Math.ceil(expiresAt)));
    const keys =
      sessionId === undefined
        ? [this.#key('m', key)]
        : [this.#key('m', key), this.#key('n', sessionId)];
    const reply = await this.#command(['EVAL', REMEMBER, String(keys.length), ...keys, at]);
    return Number(reply) === 1;
  }
}

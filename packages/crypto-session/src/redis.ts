/**
 * @packageDocumentation
 * A Redis {@link SessionStore} for `@convene/crypto-session`, over any client that sends commands (no runtime dependency).
 */

/** Sessions in Redis. */
export {
  type RedisCommand,
  RedisSessionStore,
  type RedisSessionStoreOptions,
} from './store/redis.js';

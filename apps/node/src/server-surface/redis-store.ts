// Sessions in Redis (`--redis-url`): crypto-session's Redis store over node-redis.
import type { SessionStore } from '@convene/crypto-session';
import { RedisSessionStore } from '@convene/crypto-session/redis';
import { createClient } from 'redis';
import { ConfigError } from '../errors.js';

/**
 * Connects to Redis and returns the session store over it, with the function that disconnects.
 * @throws {ConfigError} Redis cannot be reached.
 */
export async function openRedisSessionStore(
  url: string,
): Promise<{ store: SessionStore; close: () => Promise<void> }> {
  const client = createClient({
    url,
    socket: { reconnectStrategy: (retries: number) => Math.min(retries * 100, 2000) },
  });
  client.on('error', () => {
    // Reconnection is automatic; a request made meanwhile fails and is answered with a 500.
  });
  try {
    await client.connect();
  } catch (error) {
    throw new ConfigError(`--redis-url: cannot connect (${(error as Error).message})`, {
      cause: error,
    });
  }
  return {
    store: new RedisSessionStore({ command: (args) => client.sendCommand(args) }),
    close: async () => {
      await client.close();
    },
  };
}

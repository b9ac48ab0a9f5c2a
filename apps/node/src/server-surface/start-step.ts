// The start step that gives a node its `/server` surface: keys, session store, the surface itself,
// and (for the embedded store) the control socket through which `api-key` commands reach it.
import type { SessionStore } from '@convene/crypto-session';
import type { RpcServer } from '@convene/rpc-core';
import type { Logger } from 'pino';
import type { CleanupStack } from '../cleanup-stack.js';
import type { NodeConfig } from '../config.js';
import type { Database } from '../storage/database.js';
import { serveControlSocket } from './control-socket.js';
import { databaseKeyRegistry } from './key-records.js';
import { ensureNodeKeys, identityOf, nodeKeysPath, recordIdentity } from './node-keys.js';
import { openRedisSessionStore } from './redis-store.js';
import type { BridgeAuthenticator } from './rpc-bridge.js';
import { openSessionStore } from './session-store.js';
import { createServerSurface, type ServerSurface } from './surface.js';

/** Psono's default: API-key logins per client address and hour. */
export const DEFAULT_LOGINS_PER_HOUR = 60;

/** What the step needs from the start. */
export interface SurfaceStepContext {
  readonly config: NodeConfig;
  readonly log: Logger;
  readonly cleanups: CleanupStack;
  readonly nodeId: string;
}

/**
 * Loads (on first start makes) the node's keys, records their public halves in the database,
 * opens the session store (the database, or Redis with `--redis-url`) and builds the surface.
 * @throws {ConfigError} the database is served by nodes with other keys, or Redis is unreachable.
 */
export async function prepareServerSurface(
  { config, log, cleanups, nodeId }: SurfaceStepContext,
  db: Database,
  rpc: RpcServer,
  authenticator: BridgeAuthenticator,
): Promise<ServerSurface> {
  const keys = ensureNodeKeys(config.dataDir);
  const identity = identityOf(keys);
  await recordIdentity(db, identity, nodeKeysPath(config.dataDir));
  let store: SessionStore;
  if (config.redisUrl) {
    const redis = await openRedisSessionStore(config.redisUrl);
    cleanups.push(redis.close);
    store = redis.store;
  } else {
    const sessions = await openSessionStore(db, config.databaseUrl);
    cleanups.push(sessions.close);
    store = sessions.store;
  }
  const surface = createServerSurface({
    db,
    keys,
    identity,
    nodeId,
    store,
    rpc,
    authenticator,
    loginsPerHour: config.apiKeyLoginsPerHour ?? DEFAULT_LOGINS_PER_HOUR,
    cacheKeys: db.kind === 'pglite',
    ...(config.allowedHosts ? { allowedHosts: config.allowedHosts } : {}),
    onError: (error) => log.error({ err: error }, '/server request failed'),
  });
  if (db.kind === 'pglite') {
    const registry = databaseKeyRegistry(db, (id) => {
      surface.forgetKey(id);
      return surface.server.endSessions({ apiKeyId: id });
    });
    const close = await serveControlSocket(config.dataDir, registry, (error) =>
      log.error({ err: error }, 'api-key command failed'),
    );
    cleanups.push(close);
  }
  log.info(
    { server_signature: identity.verifyKey, server_public_key: identity.publicKey },
    'API keys: /server serves Psono API-key logins; make a key with `convene-node api-key create --user organizer --out key.json`',
  );
  return surface;
}

import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAccessPolicy } from '@convene/api-access';
import { type CallOutcome, type Connection, type RpcHooks, RpcServer } from '@convene/rpc-core';
import type { Logger } from 'pino';
import { ensureAccessFile } from './access-file.js';
import { calendarApi } from './apis/calendar-api.js';
import { databaseApi } from './apis/database-api.js';
import { networkNodeApi } from './apis/network-node-api.js';
import { organizerApi } from './apis/organizer-api.js';
import { ChangeSignals } from './change-signals.js';
import type { NodeConfig } from './config.js';
import { demoConference } from './demo.js';
import { EventCache } from './event-cache.js';
import { httpRoutes } from './http-routes.js';
import type { StorageKind } from './storage/database.js';
import { importConference } from './storage/import-conference.js';
import { migrate } from './storage/migrations.js';
import { openDatabase } from './storage/open.js';
import { Store } from './storage/store.js';
import { Subscriptions } from './subscriptions.js';
import { VERSION } from './version.js';

/** A started node. */
export interface RunningNode {
  /** `http://host:port`; WebSocket clients use the same with `ws://`. */
  readonly url: string;
  readonly port: number;
  readonly storage: StorageKind;
  /** The id this node puts in its change notifications. */
  readonly nodeId: string;
  /** The api-access.json in force. */
  readonly apiAccessFile: string;
  /** The organizer password, when this start generated the api-access.json. */
  readonly generatedPassword?: string;
  /** The signals of the node's changes (tests mute them with `signals.namespace.muted`). */
  readonly signals: ChangeSignals;
  /** Stops accepting, lets requests in flight finish, then closes the storage. Idempotent. */
  close(): Promise<void>;
}

function loggingHooks(log: Logger): RpcHooks {
  return {
    onConnectionOpen: (connection: Connection) =>
      log.debug(
        { connection: connection.id, remote: connection.remoteAddress },
        'connection opened',
      ),
    onConnectionClose: (connection: Connection) =>
      log.debug({ connection: connection.id }, 'connection closed'),
    onCallEnd: (call: CallOutcome) => {
      const fields = {
        connection: call.connection.id,
        api: call.api,
        method: call.method,
        ms: Math.round(call.durationMs * 10) / 10,
        code: call.code,
      };
      if (call.code === -32603) log.error({ ...fields, err: call.error }, 'call failed');
      else log.trace(fields, 'call');
    },
  };
}

/** Listens on `host:port` (port 0: a free one) and resolves with the address taken. */
function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts a node: opens (and on first use creates and fills) the storage, sets up access, wires
 * the signals and listens. Throws ConfigError/StorageError (and the packages' errors) when it
 * cannot start; everything opened so far is closed again then.
 */
export async function startNode(config: NodeConfig, log: Logger): Promise<RunningNode> {
  const cleanup: (() => Promise<void> | void)[] = [];
  const undo = async () => {
    for (const step of cleanup.reverse()) await step();
  };
  try {
    return await start(config, log, cleanup, undo);
  } catch (error) {
    await undo().catch(() => {});
    throw error;
  }
}

async function start(
  config: NodeConfig,
  log: Logger,
  cleanup: (() => Promise<void> | void)[],
  undo: () => Promise<void>,
): Promise<RunningNode> {
  const nodeId = randomUUID();
  const cache = new EventCache();
  const db = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    onError: (error) => log.warn({ err: error }, 'PostgreSQL connection error'),
    onGap: () => {
      log.warn('listening connection restored: dropping cached reads and calendars');
      cache.clear();
    },
  });
  cleanup.push(() => db.close());
  const migration = await migrate(db, async (tx) => {
    if (config.demo) await importConference(tx, demoConference());
  });
  if (migration.applied.length > 0) {
    log.info({ versions: migration.applied }, 'schema migrated');
  }
  if (migration.fresh && config.demo) log.info('demo conference loaded');

  const access = config.apiAccess
    ? { path: config.apiAccess }
    : await ensureAccessFile(config.dataDir);
  const policy = await createAccessPolicy(access.path, {
    watch: true,
    onReload: () => log.info({ file: access.path }, 'api-access reloaded'),
    onReloadError: (error) => log.error({ err: error }, 'api-access reload failed; old rules stay'),
  });
  cleanup.push(() => policy.close());

  const signals = new ChangeSignals();
  const reportReceiverError = (error: unknown) =>
    log.error({ err: error }, 'change receiver failed');
  const store = new Store(db, nodeId, (changes) => signals.announce(changes, reportReceiverError));
  signals.connectAll((eventId) => cache.invalidate(eventId));
  const subscriptions = new Subscriptions(signals);
  const stopListening = await store.listenToOthers((changes) => {
    log.debug({ changes: changes.length }, 'changes from another node');
    signals.announce(changes, reportReceiverError);
  });
  cleanup.push(stopListening);

  // The node owns the HTTP server and lends it to rpc-core, so that a graceful close also waits
  // for the responses of its own routes (calendar files can take a moment to render).
  const routeWork = new Set<Promise<unknown>>();
  const routes = httpRoutes({
    db,
    cache,
    authenticator: policy,
    onError: (error) => log.error({ err: error }, 'HTTP route failed'),
    track: (work) => {
      routeWork.add(work);
      void work.finally(() => routeWork.delete(work));
    },
  });
  const rpc = new RpcServer({
    authenticator: policy,
    hooks: loggingHooks(log),
    onHttpRequest: routes,
  });
  const identity = { version: VERSION, nodeId, storage: db.kind, startedAt: Date.now() };
  rpc
    .register('database', databaseApi(db, cache, subscriptions))
    .register('calendar', calendarApi(db, cache))
    .register('organizer', organizerApi(store))
    .register('network_node', networkNodeApi(rpc, identity));
  const http = createServer({ requestTimeout: rpc.limits.requestTimeoutMs });
  // rpc-core applies its socket cap only to servers it creates itself.
  http.maxConnections = rpc.limits.maxSockets;
  rpc.attach(http);
  // Undone in reverse: the server first (requests in flight finish), the storage last.
  cleanup.push(async () => {
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeIdleConnections();
    await Promise.all([rpc.close(), Promise.allSettled([...routeWork])]);
    http.closeAllConnections();
    await closed;
  });
  const address = await listen(http, config.port, config.host);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    port: address.port,
    storage: db.kind,
    nodeId,
    apiAccessFile: access.path,
    ...('generatedPassword' in access && access.generatedPassword
      ? { generatedPassword: access.generatedPassword }
      : {}),
    signals,
    close: () => {
      closing ??= undo();
      return closing;
    },
  };
}

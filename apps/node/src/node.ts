// Starting a node: a list of named steps, each registering its own cleanup on one stack.
import { randomUUID } from 'node:crypto';
import { AccessPolicy } from '@convene/api-access';
import {
  type CallOutcome,
  type Connection,
  createHttpServer,
  ErrorCode,
  type ListenAddress,
  listenOn,
  RpcServer,
} from '@convene/rpc-core';
import type { Logger } from 'pino';
import { type AccessFile, ensureAccessFile } from './access-file.js';
import { calendarApi } from './apis/calendar-api.js';
import { databaseApi } from './apis/database-api.js';
import { networkNodeApi } from './apis/network-node-api.js';
import { organizerApi } from './apis/organizer-api.js';
import { ChangeSignals } from './change-signals.js';
import { CleanupStack } from './cleanup-stack.js';
import type { NodeConfig } from './config.js';
import { demoConference } from './demo.js';
import { ListenError } from './errors.js';
import { EventCache } from './event-cache.js';
import { httpRoutes } from './http-routes.js';
import { resolveLimits } from './limits.js';
import { type LinkedAccountsPart, startLinkedAccounts } from './linked-accounts/start.js';
import { sharedPasswordThrottle } from './server-surface/login-throttle.js';
import { BridgeAuthenticator } from './server-surface/rpc-bridge.js';
import { prepareServerSurface } from './server-surface/start-step.js';
import { mountSurface, type ServerSurface } from './server-surface/surface.js';
import type { Database, StorageKind } from './storage/database.js';
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

/** What every start step may use: the settings, the log, and the stack its cleanups go on. */
interface StartContext {
  readonly config: NodeConfig;
  readonly log: Logger;
  readonly cleanups: CleanupStack;
  readonly nodeId: string;
  /** Reads and calendar exports kept per event, dropped on change. */
  readonly cache: EventCache;
  readonly signals: ChangeSignals;
  readonly subscriptions: Subscriptions;
  /** Responses of the node's own HTTP routes in the making, which a graceful close waits for. */
  readonly routeWork: Set<Promise<unknown>>;
}

/**
 * Starts a node: opens (and on first use creates and fills) the storage, sets up access, wires
 * the signals and listens. Everything opened so far is closed again when a step fails.
 *
 * @throws {ConfigError | StorageError | ListenError} (rejects) when the node cannot start; the
 * packages' errors (an invalid api-access.json) pass through.
 * @throws {RangeError} when `config.limits` holds an unknown limit or a value below 1.
 */
export async function startNode(config: NodeConfig, log: Logger): Promise<RunningNode> {
  const signals = new ChangeSignals();
  const context: StartContext = {
    config,
    log,
    cleanups: new CleanupStack(),
    nodeId: randomUUID(),
    cache: new EventCache(),
    signals,
    subscriptions: new Subscriptions(signals, resolveLimits(config.limits)),
    routeWork: new Set(),
  };
  try {
    const db = await openStorage(context);
    await prepareSchema(context, db);
    const access = await prepareAccessFile(context);
    const policy = await loadAccessPolicy(context, access);
    const store = await followChanges(context, db);
    const links = await startLinkedAccounts({ ...context, store });
    const authenticator = new BridgeAuthenticator(
      policy,
      db.kind === 'postgresql' ? sharedPasswordThrottle(db) : undefined,
    );
    const rpc = createRpcServer(context, db, policy, store, links, authenticator);
    const surface = await prepareServerSurface(context, db, rpc, authenticator);
    const address = await serveHttp(context, rpc, surface);
    links.listening(address.url);
    access.started();
    return runningNode(context, db, access, address);
  } catch (error) {
    await context.cleanups.unwind().catch(() => {});
    throw error;
  }
}

/** Opens the storage; a gap in what other nodes told us drops the cache and tells subscribers. */
async function openStorage({ config, log, cleanups, cache, subscriptions }: StartContext) {
  const db = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    onError: (error) => log.warn({ err: error }, 'PostgreSQL connection error'),
    onGap: () => {
      log.warn('listening connection restored: dropping cached reads, telling subscribers');
      cache.clear();
      subscriptions.announceGap();
    },
  });
  cleanups.push(() => db.close());
  return db;
}

/** Migrates the schema; an empty database gets the demo conference unless asked not to. */
async function prepareSchema({ config, log }: StartContext, db: Database): Promise<void> {
  const migration = await migrate(db, async (tx) => {
    if (config.demo) await importConference(tx, demoConference());
  });
  if (migration.applied.length > 0) log.info({ versions: migration.applied }, 'schema migrated');
  if (migration.fresh && config.demo) log.info('demo conference loaded');
}

/**
 * The api-access.json in force: the configured one, or the node's own, generated on first start.
 * A generated file is removed again if the start fails, so the password it holds is never lost
 * unseen; `started()` keeps it.
 */
async function prepareAccessFile({ config, cleanups }: StartContext) {
  const access: AccessFile = config.apiAccess
    ? { path: config.apiAccess }
    : await ensureAccessFile(config.dataDir);
  let kept = access.generatedPassword === undefined;
  cleanups.push(() => {
    if (!kept) access.discard?.();
  });
  return {
    ...access,
    started: () => {
      kept = true;
    },
  };
}

/** Loads the access rules and watches their file. */
async function loadAccessPolicy({ log, cleanups }: StartContext, access: AccessFile) {
  const policy = await AccessPolicy.open(access.path, {
    watch: true,
    onReload: () => log.info({ file: access.path }, 'api-access reloaded'),
    onReloadError: (error) => log.error({ err: error }, 'api-access reload failed; old rules stay'),
  });
  cleanups.push(() => policy.close());
  return policy;
}

/**
 * Wires the change signals: this node's writes and other nodes' NOTIFYs are announced on them,
 * and the cache drops what a change names.
 */
async function followChanges(context: StartContext, db: Database): Promise<Store> {
  const { log, cleanups, nodeId, cache, signals } = context;
  const reportReceiverError = (error: unknown) =>
    log.error({ err: error }, 'change receiver failed');
  const store = new Store(db, nodeId, (changes) => signals.announce(changes, reportReceiverError));
  signals.connectAll((eventId) => cache.invalidate(eventId));
  const stopListening = await store.listenToOthers((changes) => {
    log.debug({ changes: changes.length }, 'changes from another node');
    signals.announce(changes, reportReceiverError);
  });
  cleanups.push(stopListening);
  return store;
}

/**
 * The JSON-RPC server with the node's four APIs, logging connections and failed calls, and
 * re-authorizing open connections whenever the access rules change.
 */
function createRpcServer(
  context: StartContext,
  db: Database,
  policy: AccessPolicy,
  store: Store,
  links: LinkedAccountsPart,
  authenticator: BridgeAuthenticator,
): RpcServer {
  const { log, nodeId, cache, subscriptions, routeWork } = context;
  const routeOptions = {
    authenticator,
    onError: (error: unknown) => log.error({ err: error }, 'HTTP route failed'),
    track: (work: Promise<unknown>) => {
      routeWork.add(work);
      void work.finally(() => routeWork.delete(work));
    },
  };
  const routes = httpRoutes({ db, cache, ...routeOptions });
  const linkRoutes = links.routes(routeOptions);
  const rpc = new RpcServer({
    authenticator,
    ...(context.config.allowedOrigins ? { allowedOrigins: context.config.allowedOrigins } : {}),
    ...(context.config.allowedHosts ? { allowedHosts: context.config.allowedHosts } : {}),
    hooks: {
      onConnectionOpen: (connection: Connection) =>
        log.debug({ connection: connection.id, remote: connection.remoteAddress }, 'connected'),
      onConnectionClose: (connection: Connection) =>
        log.debug({ connection: connection.id }, 'disconnected'),
      onCallEnd: (call: CallOutcome) => logCall(log, call),
    },
    onHttpRequest: (req, res) => linkRoutes(req, res) || routes(req, res),
  });
  const identity = { version: VERSION, nodeId, storage: db.kind, startedAt: Date.now() };
  rpc
    .register('database', databaseApi(db, cache, subscriptions))
    .register('calendar', calendarApi(db, cache))
    .register('organizer', { ...organizerApi(store), ...links.methods })
    .register('network_node', networkNodeApi(rpc, identity, subscriptions));
  // A reloaded access file reaches open connections: a removed user loses its rights at once.
  const stopFollowing = policy.onChange(() => {
    rpc.reauthorize().catch((error: unknown) => log.error({ err: error }, 'reauthorize failed'));
  });
  context.cleanups.push(stopFollowing);
  return rpc;
}

function logCall(log: Logger, call: CallOutcome): void {
  const fields = {
    connection: call.connection.id,
    api: call.api,
    method: call.method,
    ms: Math.round(call.durationMs * 10) / 10,
    code: call.code,
  };
  if (call.code === ErrorCode.InternalError) log.error({ ...fields, err: call.error }, 'failed');
  else log.trace(fields, 'call');
}

/**
 * Creates the HTTP server, lends it to rpc-core and listens. Undone first: the server stops
 * accepting, requests in flight (RPC and the node's own routes) finish, then connections close.
 */
async function serveHttp(
  { config, cleanups, routeWork }: StartContext,
  rpc: RpcServer,
  surface: ServerSurface,
): Promise<ListenAddress> {
  const http = createHttpServer(rpc.limits);
  rpc.attach(http);
  mountSurface(http, surface, (work) => {
    routeWork.add(work);
    void work.finally(() => routeWork.delete(work));
  });
  cleanups.push(async () => {
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeIdleConnections();
    await Promise.all([rpc.close(), Promise.allSettled([...routeWork])]);
    http.closeAllConnections();
    await closed;
  });
  try {
    return await listenOn(http, config.port, config.host);
  } catch (error) {
    throw ListenError.from(error, config.host, config.port);
  }
}

function runningNode(
  { nodeId, signals, cleanups }: StartContext,
  db: Database,
  access: AccessFile,
  address: ListenAddress,
): RunningNode {
  return {
    url: address.url,
    port: address.port,
    storage: db.kind,
    nodeId,
    apiAccessFile: access.path,
    ...(access.generatedPassword ? { generatedPassword: access.generatedPassword } : {}),
    signals,
    close: () => cleanups.unwind(),
  };
}

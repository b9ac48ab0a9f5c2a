// The node's Psono-compatible `/server` surface: its signed identity, API-key login, the vault's
// datastores and secrets, logout and encrypted JSON-RPC, all wired through @convene/crypto-session.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  type ApiKeyRecord,
  ApiKeyServer,
  fromHex,
  type HttpAnswer,
  LOGIN_PATH,
  NotFoundError,
  type ServerSession,
  type SessionStore,
  sign,
  toHex,
} from '@convene/crypto-session';
import { discardRest, readBody, writeAnswer } from '@convene/crypto-session/node';
import type { RpcServer } from '@convene/rpc-core';
import type { Database } from '../storage/database.js';
import { VERSION } from '../version.js';
import { findApiKey } from './key-records.js';
import { loginThrottle } from './login-throttle.js';
import type { NodeIdentity, NodeKeys } from './node-keys.js';
import { type BridgeAuthenticator, dispatchAs, sessionGrant } from './rpc-bridge.js';
import { vaultRoutes } from './vault-routes.js';

/** Where the surface is mounted. */
export const MOUNT_PATH = '/server';
/** Path of encrypted JSON-RPC below the mount point. */
export const RPC_PATH = '/rpc';

/** What the surface is made of. */
export interface ServerSurfaceOptions {
  db: Database;
  keys: NodeKeys;
  identity: NodeIdentity;
  nodeId: string;
  store: SessionStore;
  rpc: RpcServer;
  authenticator: BridgeAuthenticator;
  /** API-key logins allowed per client address and hour (all nodes on the database together). */
  loginsPerHour: number;
  /**
   * Keep API keys looked up in this process (a node alone on its embedded store, told of every
   * revocation through {@link ServerSurface.forgetKey}); else each request looks its key up.
   */
  cacheKeys: boolean;
  /** Host names the node answers (rpc-core's `allowedHosts`); default any. */
  allowedHosts?: readonly string[];
  onError: (error: unknown) => void;
}

const JSON_TYPE = { 'content-type': 'application/json' };

function plain(status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer {
  return { status, headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** The `/server` surface's HTTP handling, and the ApiKeyServer behind it. */
export interface ServerSurface {
  readonly server: ApiKeyServer;
  /** Forgets a cached API key (after a revocation). */
  forgetKey(id: string): void;
  /** Serves a request whose path is under {@link MOUNT_PATH}. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** Builds the surface (see the file's opening line). */
export function createServerSurface(options: ServerSurfaceOptions): ServerSurface {
  const { db, keys, identity, store, rpc, authenticator, onError } = options;
  const cached = new Map<string, ApiKeyRecord>();
  const lookUp = async (id: string) => {
    const hit = cached.get(id);
    if (hit !== undefined) return hit;
    const found = await findApiKey(db, id);
    if (found !== undefined && options.cacheKeys) {
      if (cached.size >= 10_000) cached.clear();
      cached.set(id, found);
    }
    return found;
  };
  const server = new ApiKeyServer({
    signingKey: keys.signingKey,
    serverSecret: keys.serverSecret,
    store,
    findApiKey: lookUp,
    // A key restricted to secrets reads secrets, and nothing else.
    allowRestricted: (method, path) => method === 'GET' && path.startsWith('/secret/'),
  });
  const routes = vaultRoutes(db);
  const throttle = loginThrottle(db, options.loginsPerHour);
  const infoText = JSON.stringify({
    version: VERSION,
    node_id: options.nodeId,
    public_key: identity.publicKey,
    verify_key: identity.verifyKey,
    api: 'psono-api-key',
  });
  // Signed once, on first use: the identity does not change while the node runs.
  const info = sign(new TextEncoder().encode(infoText), fromHex(keys.signingKey, 'key', 32)).then(
    (signature) => ({
      info: infoText,
      signature: toHex(signature),
      verify_key: identity.verifyKey,
    }),
  );

  const rpcCall = async (
    req: IncomingMessage,
    session: ServerSession,
    data: unknown,
  ): Promise<HttpAnswer> => {
    const { userId, write } = session.summary;
    const peer = { remoteAddress: req.socket.remoteAddress ?? '' };
    const grant = await sessionGrant(authenticator, userId, write, peer);
    const answer = await dispatchAs(
      rpc,
      authenticator,
      grant,
      data === undefined ? '' : JSON.stringify(data),
      req.headers.host,
    );
    const result = answer.text === null ? null : (JSON.parse(answer.text) as unknown);
    return {
      status: answer.status === 204 ? 200 : answer.status,
      headers: { ...JSON_TYPE },
      body: JSON.stringify(session.seal(result)),
    };
  };

  const answer = async (req: IncomingMessage, path: string): Promise<HttpAnswer> => {
    const method = req.method ?? 'GET';
    if (path === '/info/' && (method === 'GET' || method === 'HEAD')) return plain(200, await info);
    let body: string;
    try {
      body = await readBody(req, server.limits.maxBodyBytes);
    } catch (error) {
      discardRest(req, server.limits.maxBodyBytes);
      return server.answerError(error);
    }
    if (method === 'POST' && path === LOGIN_PATH) {
      const wait = await throttle(req.socket.remoteAddress ?? '');
      if (wait !== null)
        return plain(
          429,
          { detail: 'Too many API-key logins from this address', code: 'ERR_LOGIN_THROTTLED' },
          { 'retry-after': String(Math.ceil(wait / 1000)) },
        );
    }
    if (path !== RPC_PATH)
      return server.handle(
        { method, path, headers: req.headers as Record<string, string | undefined>, body },
        routes,
      );
    let session: ServerSession | undefined;
    try {
      session = await server.authenticate({
        authorization: req.headers.authorization,
        validator: headerText(req.headers['authorization-validator']),
        method,
        path,
      });
      if (method !== 'POST') throw new NotFoundError('JSON-RPC takes POST /server/rpc');
      return await rpcCall(req, session, await session.open(body));
    } catch (error) {
      return server.answerError(error, session);
    }
  };

  return {
    server,
    forgetKey: (id) => cached.delete(id),
    handle: async (req, res) => {
      const url = URL.parse(req.url ?? '/', 'http://node');
      const path = url?.pathname.slice(MOUNT_PATH.length) || '/';
      if (!hostAllowed(req, options.allowedHosts)) {
        writeAnswer(res, plain(421, { detail: 'Misdirected request', code: 'ERR_MALFORMED' }));
        req.resume();
        return;
      }
      try {
        writeAnswer(res, await answer(req, path));
      } catch (error) {
        onError(error);
        if (!res.headersSent) writeAnswer(res, server.answerError(error));
        else res.destroy();
      }
    },
  };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function hostAllowed(req: IncomingMessage, allowed: readonly string[] | undefined): boolean {
  if (allowed === undefined) return true;
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return allowed.includes(host.toLowerCase());
}

/** Whether a request path belongs to the surface. */
export const isSurfacePath = (url: string | undefined) =>
  url === MOUNT_PATH || (url ?? '').startsWith(`${MOUNT_PATH}/`);

/**
 * Puts the surface in front of the request listeners `http` has (rpc-core's): requests under
 * {@link MOUNT_PATH} go to the surface, the others to those listeners as before.
 */
export function mountSurface(
  http: Server,
  surface: ServerSurface,
  track: (work: Promise<unknown>) => void,
) {
  const others = http.listeners('request') as ((
    req: IncomingMessage,
    res: ServerResponse,
  ) => void)[];
  http.removeAllListeners('request');
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (isSurfacePath(req.url)) track(surface.handle(req, res));
    else for (const listener of others) listener.call(http, req, res);
  });
}

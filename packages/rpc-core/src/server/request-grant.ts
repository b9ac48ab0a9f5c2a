// The grant of a new connection or HTTP request, from its `Authorization: Basic` credentials.
import type { IncomingMessage } from 'node:http';
import {
  type Authenticator,
  type BasicCredentials,
  type Grant,
  isLoginThrottled,
  type PeerInfo,
  parseBasicAuth,
} from '../auth.js';
import { LimitExceededError, loginThrottledError, UnauthorizedError } from '../errors.js';

/** The grants a new connection starts with. */
export interface ConnectGrant {
  /** The grant in force. */
  readonly grant: Grant | null;
  /** The grant the connect-time credentials earned (null without credentials or when wrong). */
  readonly connectGrant: Grant | null;
  /** The user of the connect-time credentials, when they were right. */
  readonly connectUser: string | null;
}

/** Why a connection was refused before any JSON-RPC was read. */
export interface ConnectRefusal {
  readonly status: 401 | 429 | 500;
  readonly message: string;
  readonly retryAfterMs?: number;
}

/** The peer of a request, as the Authenticator sees it. */
export const peerOf = (req: IncomingMessage): PeerInfo => ({
  remoteAddress: req.socket.remoteAddress ?? '',
});

const MALFORMED = 'Malformed Authorization header: expected Basic user:password';

/**
 * Logs a new connection in with the `Authorization: Basic` credentials of its request (an HTTP
 * request, or a WebSocket upgrade such as `ws://user:pass@host`). Wrong credentials give the
 * anonymous grant, as on Graphene; a malformed header or a throttled login refuses the connection.
 */
export function grantAtConnect(
  authenticator: Authenticator,
  req: IncomingMessage,
): ConnectGrant | ConnectRefusal | Promise<ConnectGrant | ConnectRefusal> {
  const peer = peerOf(req);
  const credentials = parseBasicAuth(req.headers.authorization);
  if (credentials === null) return { status: 401, message: MALFORMED };
  if (credentials === undefined)
    return { grant: authenticator.anonymous(peer), connectGrant: null, connectUser: null };
  return withCredentials(authenticator, credentials, peer);
}

/**
 * The grant `credentials` earn, null when they are wrong.
 *
 * @throws {LimitExceededError} when the authenticator throttles the login.
 */
async function earn(
  authenticator: Authenticator,
  credentials: BasicCredentials,
  peer: PeerInfo,
): Promise<Grant | null> {
  try {
    return await authenticator.authenticate(credentials.user, credentials.password, peer);
  } catch (error) {
    if (isLoginThrottled(error)) throw loginThrottledError(error.retryAfterMs);
    throw error;
  }
}

async function withCredentials(
  authenticator: Authenticator,
  credentials: BasicCredentials,
  peer: PeerInfo,
): Promise<ConnectGrant | ConnectRefusal> {
  try {
    const earned = await earn(authenticator, credentials, peer);
    return {
      grant: earned ?? authenticator.anonymous(peer),
      connectGrant: earned,
      connectUser: earned === null ? null : credentials.user,
    };
  } catch (error) {
    if (error instanceof LimitExceededError) {
      const { retryAfterMs } = error.data as { retryAfterMs: number };
      return { status: 429, message: error.message, retryAfterMs };
    }
    return { status: 500, message: 'Internal error' };
  }
}

/** Whether `outcome` refuses the connection. */
export const isRefusal = (outcome: ConnectGrant | ConnectRefusal): outcome is ConnectRefusal =>
  'status' in outcome;

/**
 * The grant of one HTTP request, decided as rpc-core decides it for JSON-RPC requests and
 * WebSocket upgrades: without an `Authorization` header the anonymous grant; with right Basic
 * credentials (RFC 7617) their grant; with wrong ones the anonymous grant, as on Graphene. Use it
 * for routes of your own beside JSON-RPC (file downloads, feeds).
 *
 * @throws {UnauthorizedError} when the `Authorization` header is not `Basic user:password`.
 * @throws {LimitExceededError} when the authenticator throttles the login; `data.retryAfterMs`
 *   says when to retry (answer HTTP 429 with `Retry-After`).
 * @throws whatever the authenticator throws otherwise.
 */
export async function authenticateRequest(
  authenticator: Authenticator,
  req: IncomingMessage,
): Promise<Grant | null> {
  const peer = peerOf(req);
  const credentials = parseBasicAuth(req.headers.authorization);
  if (credentials === undefined) return authenticator.anonymous(peer);
  if (credentials === null) throw new UnauthorizedError(MALFORMED);
  return (await earn(authenticator, credentials, peer)) ?? authenticator.anonymous(peer);
}

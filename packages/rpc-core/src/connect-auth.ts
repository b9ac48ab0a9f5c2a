import type { IncomingMessage } from 'node:http';
import {
  type Authenticator,
  type BasicCredentials,
  type Grant,
  isThrottled,
  type PeerInfo,
  parseBasicAuth,
} from './auth.js';

/** The grants a new connection starts with. */
export interface ConnectGrant {
  /** The grant in force. */
  readonly grant: Grant | null;
  /** The grant the connect-time credentials earned (null without credentials or when wrong). */
  readonly connectGrant: Grant | null;
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
  if (credentials === null) {
    return { status: 401, message: 'Malformed Authorization header: expected Basic user:password' };
  }
  if (credentials === undefined)
    return { grant: authenticator.anonymous(peer), connectGrant: null };
  return withCredentials(authenticator, credentials, peer);
}

async function withCredentials(
  authenticator: Authenticator,
  credentials: BasicCredentials,
  peer: PeerInfo,
): Promise<ConnectGrant | ConnectRefusal> {
  try {
    const earned = await authenticator.authenticate(credentials.user, credentials.password, peer);
    return { grant: earned ?? authenticator.anonymous(peer), connectGrant: earned };
  } catch (error) {
    if (isThrottled(error)) {
      return {
        status: 429,
        message: 'Too many failed logins: try again later',
        retryAfterMs: error.retryAfterMs,
      };
    }
    return { status: 500, message: 'Internal error' };
  }
}

/** Whether `outcome` refuses the connection. */
export const isRefusal = (outcome: ConnectGrant | ConnectRefusal): outcome is ConnectRefusal =>
  'status' in outcome;

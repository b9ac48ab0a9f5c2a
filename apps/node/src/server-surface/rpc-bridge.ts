// Encrypted JSON-RPC: a request opened from an API-key session is answered by the node's own
// RpcServer, under the grant api-access.json gives the key's user, as if it came over HTTP.
import { EventEmitter } from 'node:events';
import { IncomingMessage, type ServerResponse } from 'node:http';
import type { Authenticator, Grant, PeerInfo, RpcServer } from '@convene/rpc-core';
import type { SharedPasswordThrottle } from './login-throttle.js';

/** The permission a read-only API key never gets: the one that writes the schedule. */
export const WRITE_API = 'organizer_api';

/**
 * An authenticator over the node's own that also knows the grants of requests the bridge is
 * answering: those carry a peer address no socket can have (`api-key-session:N`), and get the
 * grant registered for it instead of the anonymous one. With a `shared` throttle (nodes on one
 * database), failed passwords are also counted per address across the nodes.
 */
export class BridgeAuthenticator implements Authenticator {
  readonly #inner: Authenticator;
  readonly #shared: SharedPasswordThrottle | undefined;
  readonly #grants = new Map<string, Grant | null>();
  #next = 0;

  constructor(inner: Authenticator, shared?: SharedPasswordThrottle) {
    this.#inner = inner;
    this.#shared = shared;
  }

  anonymous(peer: PeerInfo): Grant | null {
    return this.#grants.has(peer.remoteAddress)
      ? (this.#grants.get(peer.remoteAddress) ?? null)
      : this.#inner.anonymous(peer);
  }

  authenticate(user: string, password: string, peer: PeerInfo) {
    const shared = this.#shared;
    if (shared === undefined) return this.#inner.authenticate(user, password, peer);
    return (async () => {
      await shared.check(peer.remoteAddress);
      const grant = await this.#inner.authenticate(user, password, peer);
      if (grant === null) await shared.failed(peer.remoteAddress);
      return grant;
    })();
  }

  grantFor(user: string, peer: PeerInfo) {
    return this.#inner.grantFor?.(user, peer) ?? null;
  }

  /** A fresh peer address standing for `grant` until `release` is called. */
  lend(grant: Grant | null): { address: string; release: () => void } {
    const address = `api-key-session:${++this.#next}`;
    this.#grants.set(address, grant);
    return { address, release: () => this.#grants.delete(address) };
  }
}

/** What the RpcServer wrote: the status and the JSON text (null for 204). */
interface Answer {
  status: number;
  text: string | null;
}

/** The few ServerResponse members rpc-core's HTTP transport uses, capturing the answer. */
class CapturedResponse extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  destroyed = false;
  readonly answer: Promise<Answer>;
  #resolve!: (answer: Answer) => void;

  constructor() {
    super();
    this.answer = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  writeHead(status: number): this {
    this.statusCode = status;
    this.headersSent = true;
    return this;
  }

  end(text?: string): this {
    this.#resolve({ status: this.statusCode, text: text ?? null });
    this.emit('close');
    return this;
  }

  destroy(): this {
    this.destroyed = true;
    this.#resolve({ status: 500, text: null });
    this.emit('close');
    return this;
  }
}

/**
 * Answers the JSON-RPC request (or batch) `text` with `rpc` under `grant`, through rpc-core's
 * HTTP request listener (every limit, hook and check of a plain POST applies). `host` is the Host
 * header of the encrypted request, for rpc-core's Host check.
 */
export async function dispatchAs(
  rpc: RpcServer,
  authenticator: BridgeAuthenticator,
  grant: Grant | null,
  text: string,
  host: string | undefined,
): Promise<Answer> {
  const { address, release } = authenticator.lend(grant);
  try {
    const socket = Object.assign(new EventEmitter(), { remoteAddress: address, readable: false });
    const req = new IncomingMessage(socket as never);
    req.method = 'POST';
    req.url = '/rpc';
    req.headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...(host === undefined ? {} : { host }),
    };
    req.push(text);
    req.push(null);
    const res = new CapturedResponse();
    rpc.handleHttp(req, res as unknown as ServerResponse);
    return await res.answer;
  } finally {
    release();
  }
}

/** The grant of an API key's session: its user's, without the write API for a read-only key. */
export function sessionGrant(
  authenticator: Authenticator,
  user: string,
  write: boolean,
  peer: PeerInfo,
): Grant | null | Promise<Grant | null> {
  const narrow = (grant: Grant | null) =>
    grant === null || write
      ? grant
      : { user: grant.user, apis: grant.apis.filter((api) => api !== WRITE_API) };
  const grant = authenticator.grantFor?.(user, peer) ?? null;
  return grant instanceof Promise ? grant.then(narrow) : narrow(grant);
}

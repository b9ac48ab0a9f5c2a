// Which requests a server answers at all: the Host allow-list, and the Origin of browser requests.
import type { IncomingMessage } from 'node:http';

/** Why a request was refused before it was read. */
export interface GuardRefusal {
  readonly status: 403 | 421;
  readonly message: string;
}

/** The host name of a `Host` header (port left out, lowercased; IPv6 in brackets), or null. */
function hostName(host: string | undefined): string | null {
  if (host === undefined || host === '') return null;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
}

/** The `host:port` of an `Origin` header, or null for `null` and anything unreadable. */
function originHost(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : null;
  } catch {
    return null;
  }
}

/**
 * Refuses requests a browser sends on behalf of another site (OWASP CSRF and Cross-Site WebSocket
 * Hijacking): a JSON-RPC POST or WebSocket upgrade whose `Origin` is neither the server's own (the
 * `Host` it was sent to) nor listed, or that a browser marks `Sec-Fetch-Site: cross-site`. Requests
 * without `Origin` (curl, scripts, Graphene clients) pass as they are. With a host list, requests
 * for any other `Host` are refused (DNS rebinding).
 */
export class RequestGuard {
  readonly #origins: ReadonlySet<string>;
  readonly #anyOrigin: boolean;
  readonly #hosts: ReadonlySet<string> | null;

  /** @throws {TypeError} when an entry is not a string. */
  constructor(allowedOrigins: readonly string[] = [], allowedHosts?: readonly string[]) {
    for (const entry of [...allowedOrigins, ...(allowedHosts ?? [])]) {
      if (typeof entry !== 'string')
        throw new TypeError('allowedOrigins and allowedHosts take strings');
    }
    this.#anyOrigin = allowedOrigins.includes('*');
    this.#origins = new Set(
      allowedOrigins.map((origin) => origin.toLowerCase().replace(/\/$/, '')),
    );
    this.#hosts =
      allowedHosts === undefined
        ? null
        : new Set(allowedHosts.map((host) => hostName(host) ?? host.toLowerCase()));
  }

  /** Why `req` must be refused, or null. `rpc`: a JSON-RPC POST or a WebSocket upgrade. */
  refusal(req: IncomingMessage, rpc: boolean): GuardRefusal | null {
    const { host } = req.headers;
    if (this.#hosts !== null && !this.#hosts.has(hostName(host) ?? '')) {
      return {
        status: 421,
        message: `Host ${JSON.stringify(host ?? '')} is not served here (allowedHosts)`,
      };
    }
    if (!rpc || this.#anyOrigin) return null;
    const { origin } = req.headers;
    if (origin === undefined) {
      return req.headers['sec-fetch-site'] === 'cross-site'
        ? { status: 403, message: 'Cross-site request refused (Sec-Fetch-Site: cross-site)' }
        : null;
    }
    if (this.#origins.has(origin.toLowerCase())) return null;
    const from = originHost(origin);
    if (from !== null && host !== undefined && from === host.toLowerCase()) return null;
    return {
      status: 403,
      message: `Origin ${JSON.stringify(origin)} is not allowed (allowedOrigins)`,
    };
  }
}

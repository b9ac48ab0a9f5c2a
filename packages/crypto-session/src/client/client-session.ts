// A logged-in client session over the platform fetch: every body sealed under the session key,
// every answer required to arrive sealed, each answer nonce accepted once.
import { openSealed, sealJson } from '../envelope.js';
import { DowngradeError, errorFromBody, HttpError, ReplayError } from '../errors.js';
import { fromHex, toHex } from '../hex.js';
import { checkSize, type Limits, resolveLimits } from '../limits.js';
import { KEY_BYTES } from '../nacl.js';
import { LOGOUT_PATH, looksEncrypted, parseJson, VALIDATOR_HEADER } from '../wire.js';
import type { UserKeys } from './login.js';

/** What a session is made of; what a {@link SessionCache} keeps. Secret: keep it sealed. */
export interface SessionState {
  serverUrl: string;
  token: string;
  /** The session secret key, hex. */
  sessionSecretKey: string;
  /** `session_valid_till` as the server sent it (ISO-8601). */
  validTill: string;
  username: string;
  userPublicKey: string;
  restrictToSecrets: boolean;
  /** The user's keys when the API key is unrestricted and its secret key was given. */
  userKeys?: UserKeys;
  /** Set when the session was made with a device fingerprint (Authorization-Validator). */
  device?: { fingerprint: string };
}

/** Options of a {@link ClientSession}. */
export interface ClientSessionOptions {
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  limits?: Partial<Limits>;
  /** Clock in ms (default `Date.now`), for the validator's `request_time`. */
  now?: () => number;
}

/** An HTTP method and path below the server URL, e.g. `('GET', '/datastore/')`. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A live session: make encrypted requests, then log out. */
export class ClientSession {
  readonly state: Readonly<SessionState>;
  #key: Uint8Array;
  #fetch: typeof fetch;
  #limits: Limits;
  #now: () => number;
  #seen = new Set<string>();

  /** @throws {RangeError} a session secret key that is not 32 bytes of hex. */
  constructor(state: SessionState, options: ClientSessionOptions = {}) {
    this.state = Object.freeze({ ...state });
    this.#key = fromHex(state.sessionSecretKey, 'sessionSecretKey', KEY_BYTES);
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#limits = resolveLimits(options.limits);
    this.#now = options.now ?? Date.now;
  }

  /** Whether `session_valid_till` is still ahead (with `marginMs` to spare). */
  isLive(marginMs = 5_000): boolean {
    return Date.parse(this.state.validTill) - marginMs > this.#now();
  }

  /**
   * Sends `data` (if any) sealed to `path` and returns the decrypted answer.
   * @throws {CryptoSessionError} the server's coded error (e.g. `ERR_EXPIRED`), `ERR_UNENCRYPTED`
   * for a plain successful answer, `ERR_REPLAYED` for an answer nonce seen before, `ERR_TAMPERED`,
   * `ERR_HTTP` for an answer outside the protocol.
   */
  async request(method: Method, path: string, data?: unknown): Promise<unknown> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: `Token ${this.state.token}`,
    };
    if (this.state.device)
      headers[VALIDATOR_HEADER] = JSON.stringify(
        sealJson(this.#validatorPayload(this.state.device), this.#key),
      );
    const init: RequestInit = { method, headers };
    if (data !== undefined) init.body = JSON.stringify(sealJson(data, this.#key));
    const response = await this.#fetch(
      new URL(path.replace(/^\//, ''), withSlash(this.state.serverUrl)),
      init,
    );
    return this.#read(response);
  }

  /** Ends the session on the server (`POST /authentication/logout/`). */
  async logout(): Promise<void> {
    await this.request('POST', LOGOUT_PATH);
  }

  // The client's own clock: the server compares its offset now with the offset at login.
  #validatorPayload(device: NonNullable<SessionState['device']>): object {
    return {
      request_time: new Date(this.#now()).toISOString(),
      request_device_fingerprint: device.fingerprint,
    };
  }

  async #read(response: Response): Promise<unknown> {
    const text = await response.text();
    checkSize(new TextEncoder().encode(text).length, this.#limits, 'maxBodyBytes', 'response body');
    if (text === '') {
      if (response.ok) return undefined;
      throw new HttpError(response.status, `HTTP ${response.status} without a body`);
    }
    let body: unknown;
    try {
      body = parseJson(text, 'response body');
    } catch {
      throw new HttpError(response.status, `HTTP ${response.status} with a body that is not JSON`);
    }
    if (!looksEncrypted(body)) {
      if (response.ok)
        throw new DowngradeError('The server answered a session request without encryption');
      throw errorFromBody(response.status, body);
    }
    const opened = openSealed(body, this.#key, 'response body');
    const data = opened.data;
    const nonce = toHex(opened.nonce);
    if (this.#seen.has(nonce))
      throw new ReplayError('This answer nonce was seen before: a replayed response');
    this.#seen.add(nonce);
    if (this.#seen.size > this.#limits.maxRememberedNonces)
      this.#seen.delete(this.#seen.values().next().value as string);
    if (!response.ok) throw errorFromBody(response.status, data);
    return data;
  }
}

/** The server URL with one trailing slash, so relative paths resolve below it. */
export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

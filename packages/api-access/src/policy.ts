// The access policy: a permission map in force, logins checked against it with throttling, and
// reloads that replace the map only when the new one is valid, for as long as the policy is open.
import { type Grant, isAllowed, type PeerInfo } from './grant.js';
import { type Limits, resolveLimits } from './limits.js';
import { loadPermissionMap, toPath } from './load.js';
import {
  findEntry,
  type PermissionEntry,
  type PermissionMap,
  parsePermissionMap,
  WILDCARD,
} from './permission-map.js';
import { addressKey, LoginThrottle, type ThrottleOptions } from './throttle.js';
import { checkPassword } from './verify-password.js';
import { watchFile } from './watch.js';

/** A permission map, a path to an api-access.json file, or the parsed JSON document. */
export type PermissionSource = PermissionMap | string | URL | Readonly<Record<string, unknown>>;

/** Options of {@link AccessPolicy.open}. */
export interface AccessPolicyOptions {
  /** Throttling of failed logins, or `false` to switch it off. On by default. */
  readonly throttle?: ThrottleOptions | false;
  /** Reload the file when it changes (only when the source is a path). Default `false`. */
  readonly watch?: boolean;
  /** Quiet time after the last change before a watched file is reloaded. Default 100 ms. */
  readonly watchDebounceMs?: number;
  /** Called after each successful reload by the watcher. */
  readonly onReload?: (map: PermissionMap) => void;
  /**
   * Called when a watched reload fails; the old map stays in force. Default: a process warning.
   */
  readonly onReloadError?: (error: Error) => void;
  /** Bounds on the file and on credentials; see {@link Limits} for the defaults. */
  readonly limits?: Partial<Limits>;
}

/** The map in force and what is computed once per map. */
interface Snapshot {
  readonly map: PermissionMap;
  readonly anonymous: Grant | null;
  readonly grants: ReadonlyMap<PermissionEntry, Grant>;
}

const OVERLONG_USER_KEY = 'overlong-user';

/**
 * Who may use which API, from an api-access.json kept in force for the policy's lifetime; it
 * satisfies rpc-core's `Authenticator`. Open one with {@link AccessPolicy.open}; {@link close}
 * stops watching the file.
 */
export class AccessPolicy {
  readonly #throttle: LoginThrottle | undefined;
  readonly #limits: Limits;
  readonly #options: AccessPolicyOptions;
  #snapshot: Snapshot;
  #source: PermissionSource;
  #queue: Promise<unknown> = Promise.resolve();
  #stopWatching: (() => void) | undefined;

  private constructor(
    snapshot: Snapshot,
    source: PermissionSource,
    limits: Limits,
    options: AccessPolicyOptions,
  ) {
    this.#snapshot = snapshot;
    this.#source = source;
    this.#limits = limits;
    this.#options = options;
    this.#throttle = options.throttle === false ? undefined : new LoginThrottle(options.throttle);
  }

  /**
   * Opens a policy on a permission map, an api-access.json path (or `file:` URL), or its parsed
   * JSON; with `watch: true` the file is reloaded whenever it changes, until {@link close}.
   *
   * @throws {PermissionMapError | PermissionMapReadError | LimitExceededError} (rejects) when the
   *   source is not a valid api-access document.
   * @throws {TypeError} (rejects) for `watch: true` without a path to watch.
   * @throws {RangeError} (rejects) for a limit or throttle option out of range.
   */
  static async open(
    source: PermissionSource,
    options: AccessPolicyOptions = {},
  ): Promise<AccessPolicy> {
    const limits = resolveLimits(options.limits);
    const isPath = typeof source === 'string' || source instanceof URL;
    if (options.watch === true && !isPath)
      throw new TypeError('watch: true needs the path of an api-access file as source');
    const policy = new AccessPolicy(await loadSnapshot(source, limits), source, limits, options);
    if (options.watch === true && isPath) policy.#watch(toPath(source));
    return policy;
  }

  /** The map in force. */
  get map(): PermissionMap {
    return this.#snapshot.map;
  }

  /**
   * The grant of a connection that has not logged in: what Graphene's `login("", "")` gives, i.e.
   * the `"*"` entry when the empty password passes it (hash `"*"`). `null` when there is none.
   */
  anonymous(_peer?: PeerInfo): Grant | null {
    return this.#snapshot.anonymous;
  }

  /**
   * The grant for these credentials, or `null` when they are wrong. A listed user with a wrong
   * password gets `null` (no fall-back to `"*"`); an unlisted user is checked against `"*"`.
   *
   * @throws {LoginThrottledError} (rejects) when this user or this address has failed too often.
   * @throws {TypeError} (rejects) when `user` or `password` is not a string.
   */
  async authenticate(user: string, password: string, peer?: PeerInfo): Promise<Grant | null> {
    if (typeof user !== 'string' || typeof password !== 'string')
      throw new TypeError('user and password must be strings');
    const max = this.#limits.maxCredentialLength;
    const fits = user.length <= max && password.length <= max;
    // Over-long names share one throttle key, so they cannot fill the throttle's memory.
    const attempt = this.#throttle?.begin(
      fits ? `user:${user}` : OVERLONG_USER_KEY,
      peer === undefined ? undefined : addressKey(peer.remoteAddress),
    );
    const { map, grants } = this.#snapshot;
    const entry = fits ? findEntry(map, user) : undefined;
    let ok = false;
    try {
      ok = entry !== undefined && (await checkPassword(entry.password, password));
    } finally {
      if (ok) attempt?.succeeded();
      else attempt?.failed();
    }
    return ok && entry !== undefined ? (grants.get(entry) ?? null) : null;
  }

  /** Whether `grant` allows the API `apiName`: {@link isAllowed}, as a method. */
  allows(grant: Grant | null, apiName: string): boolean {
    return isAllowed(grant, apiName);
  }

  /**
   * Reads the source again (or `source` when given, which then becomes the source) and puts the
   * new map in force. Reloads run one at a time, in call order.
   *
   * @throws {PermissionMapError | PermissionMapReadError | LimitExceededError} (rejects) when the
   *   source is not valid; the old map then stays in force.
   */
  reload(source?: PermissionSource): Promise<PermissionMap> {
    const run = this.#queue.then(async () => {
      const from = source ?? this.#source;
      this.#snapshot = await loadSnapshot(from, this.#limits);
      this.#source = from;
      return this.#snapshot.map;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Stops watching the file; the map in force stays usable. */
  close(): void {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
  }

  #watch(file: string): void {
    const { onReload, onReloadError, watchDebounceMs = 100 } = this.#options;
    const report = (error: Error): void =>
      onReloadError ? onReloadError(error) : process.emitWarning(error);
    this.#stopWatching = watchFile(
      file,
      watchDebounceMs,
      () => {
        this.reload().then((map) => onReload?.(map), report);
      },
      report,
    );
  }
}

/**
 * Same as {@link AccessPolicy.open}, for code written against the factory of earlier versions.
 *
 * @deprecated Use `AccessPolicy.open(source, options)`.
 */
export const createAccessPolicy = (
  source: PermissionSource,
  options?: AccessPolicyOptions,
): Promise<AccessPolicy> => AccessPolicy.open(source, options);

async function loadSnapshot(from: PermissionSource, limits: Limits): Promise<Snapshot> {
  const map =
    from instanceof Map
      ? from
      : typeof from === 'string' || from instanceof URL
        ? await loadPermissionMap(from, { limits })
        : parsePermissionMap(from);
  const grants = new Map<PermissionEntry, Grant>();
  for (const entry of map.values()) {
    grants.set(
      entry,
      Object.freeze({ user: entry.user === WILDCARD ? null : entry.user, apis: entry.allowedApis }),
    );
  }
  // Graphene logs every connection in with ("", "") first; what that gives is the anonymous grant.
  const entry = findEntry(map, '');
  const opens = entry !== undefined && (await checkPassword(entry.password, ''));
  const anonymous = opens ? Object.freeze({ user: null, apis: entry.allowedApis }) : null;
  return { map, anonymous, grants };
}

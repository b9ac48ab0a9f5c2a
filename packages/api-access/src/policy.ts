// The access policy: a permission map in force, logins checked against it with throttling, and
// reloads that replace the map only when the new one is valid, for as long as the policy is open.
import { decoyCheck } from './decoy.js';
import { type Grant, isAllowed, type PeerInfo } from './grant.js';
import { type Limits, resolveLimits } from './limits.js';
import { loadPermissionMap, toPath } from './load.js';
import type { PasswordCheck } from './password-fields.js';
import {
  findEntry,
  type PermissionEntry,
  type PermissionMap,
  parsePermissionMap,
  WILDCARD,
} from './permission-map.js';
import { addressKey, LoginThrottle, type ThrottleOptions, userKey } from './throttle.js';
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
   * Called when a watched reload fails (the old map stays in force) and when an
   * {@link AccessPolicy.onChange} listener throws. Default: a process warning.
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
  /** What a login for a name without an entry is hashed against (see {@link decoyCheck}). */
  readonly decoy: PasswordCheck | undefined;
}

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
  readonly #listeners = new Set<(map: PermissionMap) => void>();

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
   * A name without an entry costs the same hash as a listed one with a wrong password. Credentials
   * longer than `maxCredentialLength` fail at once: no hash, and nothing counted.
   *
   * Beware `"*"`: with Graphene's `"*"` entry of hash `"*"`, every unlisted name and password gets
   * a grant here. To ask "is this a listed user with this password?", use {@link verifyUser}.
   *
   * @throws {LoginThrottledError} (rejects) when this user at this address, or this address, has
   *   failed too often.
   * @throws {TypeError} (rejects) when `user` or `password` is not a string.
   */
  async authenticate(user: string, password: string, peer?: PeerInfo): Promise<Grant | null> {
    const found = await this.#check(user, password, peer, findEntry);
    return found === undefined ? null : (found.snapshot.grants.get(found.entry) ?? null);
  }

  /**
   * Whether `user` is listed by its own name and `password` is its password: the plain "verify
   * this user" that {@link authenticate} is not, since `authenticate` gives an unlisted name the
   * `"*"` grant (a non-null grant for any name when `"*"` has hash `"*"`). Never answers through
   * `"*"`; throttled and timed like `authenticate`.
   *
   * @throws {LoginThrottledError} (rejects) when this user at this address, or this address, has
   *   failed too often.
   * @throws {TypeError} (rejects) when `user` or `password` is not a string.
   */
  async verifyUser(user: string, password: string, peer?: PeerInfo): Promise<boolean> {
    const listed = (map: PermissionMap, name: string) =>
      name === WILDCARD ? undefined : map.get(name);
    return (await this.#check(user, password, peer, listed)) !== undefined;
  }

  /**
   * The entry `lookup` finds for `user` when `password` passes it, with the snapshot it is from,
   * else `undefined`; throttled. A name without an entry costs the same hash as a listed one with a
   * wrong password. Credentials longer than `maxCredentialLength` fail at once: no hash, and
   * nothing counted. The answer always comes from one map: when a reload puts a new one in force
   * during the hash, the check runs again on it, so a login neither fails for a user the new map
   * keeps nor passes for one it removed.
   */
  async #check(
    user: string,
    password: string,
    peer: PeerInfo | undefined,
    lookup: (map: PermissionMap, user: string) => PermissionEntry | undefined,
  ): Promise<Found | undefined> {
    if (typeof user !== 'string' || typeof password !== 'string')
      throw new TypeError('user and password must be strings');
    const max = this.#limits.maxCredentialLength;
    // No entry can match them, so they are not guesses; counting them under a key of their own
    // would let one over-long name throttle every login from its address.
    if (user.length > max || password.length > max) return undefined;
    const address = peer === undefined ? undefined : addressKey(peer.remoteAddress);
    const attempt = this.#throttle?.begin(userKey(user, address), address);
    let found: Found | undefined;
    try {
      for (let round = 0; round < MAX_CHECK_ROUNDS; round++) {
        const snapshot = this.#snapshot;
        found = await checkIn(snapshot, lookup, user, password);
        if (snapshot === this.#snapshot) break;
      }
    } finally {
      if (found) attempt?.succeeded();
      else attempt?.failed();
    }
    return found;
  }

  /**
   * The grant `user` has now, without a password: the grant of the user's own entry in the map in
   * force, or `null` when the name is not listed (also for a name that logged in through `"*"`,
   * whose password cannot be checked again). rpc-core's `Authenticator` contract asks it when open
   * connections are re-evaluated after the map changed (`server.reauthorize()`); with
   * {@link onChange}, a user removed from the file loses its open connections' rights.
   */
  grantFor(user: string, _peer?: PeerInfo): Grant | null {
    if (user === WILDCARD) return null;
    const { map, grants } = this.#snapshot;
    const entry = map.get(user);
    return entry === undefined ? null : (grants.get(entry) ?? null);
  }

  /**
   * Calls `listener` with the new map after every reload that put one in force, by {@link reload}
   * or by the watcher, until the returned function is called or the policy is closed. A listener
   * that throws is reported like a failed watched reload (`onReloadError`); the others still run.
   */
  onChange(listener: (map: PermissionMap) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
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
      const { map } = this.#snapshot;
      for (const listener of [...this.#listeners]) {
        try {
          listener(map);
        } catch (error) {
          this.#report(error instanceof Error ? error : new Error(String(error)));
        }
      }
      return map;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Stops watching the file and drops the {@link onChange} listeners; the map stays usable. */
  close(): void {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    this.#listeners.clear();
  }

  #report(error: Error): void {
    const { onReloadError } = this.#options;
    if (onReloadError) onReloadError(error);
    else process.emitWarning(error);
  }

  #watch(file: string): void {
    const { onReload, watchDebounceMs = 100 } = this.#options;
    const report = (error: Error) => this.#report(error);
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

/** An entry whose password passed, and the map it is from. */
interface Found {
  entry: PermissionEntry;
  snapshot: Snapshot;
}

/**
 * How many times a login is checked again when reloads keep putting new maps in force during its
 * hash; the last answer stands after that.
 */
const MAX_CHECK_ROUNDS = 3;

/** Checks `password` for the entry `lookup` finds in `snapshot`, or against its decoy. */
async function checkIn(
  snapshot: Snapshot,
  lookup: (map: PermissionMap, user: string) => PermissionEntry | undefined,
  user: string,
  password: string,
): Promise<Found | undefined> {
  const entry = lookup(snapshot.map, user);
  if (entry === undefined) {
    if (snapshot.decoy !== undefined) await checkPassword(snapshot.decoy, password);
    return undefined;
  }
  return (await checkPassword(entry.password, password)) ? { entry, snapshot } : undefined;
}

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
  return { map, anonymous, grants, decoy: decoyCheck(map) };
}

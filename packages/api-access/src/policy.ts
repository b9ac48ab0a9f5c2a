// The access policy: a permission map in force, logins checked against it with throttling, and
// reloads that replace the map only when the new one is valid.
import { ApiAccessArgumentError } from './errors.js';
import { allows, type Grant, type PeerInfo } from './grant.js';
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

/** Options of {@link createAccessPolicy}. */
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
  /** Largest api-access file read, in bytes. Default 1 MiB. */
  readonly maxFileBytes?: number;
  /** Longer user names or passwords (UTF-16 units) fail without being hashed. Default 1024. */
  readonly maxCredentialLength?: number;
}

/** Who may use which API; satisfies rpc-core's `Authenticator`. */
export interface AccessPolicy {
  /** The map in force. */
  readonly map: PermissionMap;
  /**
   * The grant of a connection that has not logged in: what Graphene's `login("", "")` gives, i.e.
   * the `"*"` entry when the empty password passes it (hash `"*"`). `null` when there is none.
   */
  anonymous(peer?: PeerInfo): Grant | null;
  /**
   * The grant for these credentials, or `null` when they are wrong. A listed user with a wrong
   * password gets `null` (no fall-back to `"*"`); an unlisted user is checked against `"*"`.
   *
   * @throws {LoginThrottledError} (rejects) when this user or this address has failed too often.
   */
  authenticate(user: string, password: string, peer?: PeerInfo): Promise<Grant | null>;
  /** Whether `grant` allows the API `apiName` (`network_node` or `network_node_api`). */
  allows(grant: Grant | null, apiName: string): boolean;
  /**
   * Reads the source again (or `source` when given, which then becomes the source) and puts the
   * new map in force. On error the old map stays in force and the promise rejects.
   */
  reload(source?: PermissionSource): Promise<PermissionMap>;
  /** Stops watching the file. */
  close(): void;
}

/** The map in force and what is computed once per map. */
interface Snapshot {
  readonly map: PermissionMap;
  readonly anonymous: Grant | null;
  readonly grants: ReadonlyMap<PermissionEntry, Grant>;
}

const DEFAULT_MAX_CREDENTIAL_LENGTH = 1024;
const OVERLONG_USER_KEY = 'overlong-user';

/**
 * Creates an access policy from a permission map, an api-access.json path, or its parsed JSON.
 *
 * @throws {PermissionMapError | PermissionMapReadError} (rejects) when the source is not valid.
 * @throws {ApiAccessArgumentError} (rejects) when an option is unusable.
 */
export async function createAccessPolicy(
  source: PermissionSource,
  options: AccessPolicyOptions = {},
): Promise<AccessPolicy> {
  const throttle = options.throttle === false ? undefined : new LoginThrottle(options.throttle);
  const maxCredentialLength = options.maxCredentialLength ?? DEFAULT_MAX_CREDENTIAL_LENGTH;
  const fileOptions = options.maxFileBytes === undefined ? {} : { maxBytes: options.maxFileBytes };
  const report = (error: Error): void =>
    options.onReloadError ? options.onReloadError(error) : process.emitWarning(error);
  const load = async (from: PermissionSource): Promise<Snapshot> =>
    snapshotOf(
      from instanceof Map
        ? from
        : typeof from === 'string' || from instanceof URL
          ? await loadPermissionMap(from, fileOptions)
          : parsePermissionMap(from),
    );

  let current = await load(source);
  let currentSource = source;
  let queue: Promise<unknown> = Promise.resolve();

  const reload = (next?: PermissionSource): Promise<PermissionMap> => {
    const run = queue.then(async () => {
      const from = next ?? currentSource;
      current = await load(from);
      currentSource = from;
      return current.map;
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const isPath = typeof source === 'string' || source instanceof URL;
  if (options.watch === true && !isPath)
    throw new ApiAccessArgumentError('watch: true needs the path of an api-access file as source');
  const stopWatching =
    options.watch === true && isPath
      ? watchFile(
          toPath(source),
          options.watchDebounceMs ?? 100,
          () => {
            reload().then((map) => options.onReload?.(map), report);
          },
          report,
        )
      : undefined;

  const authenticate = async (user: string, password: string, peer?: PeerInfo) => {
    if (typeof user !== 'string' || typeof password !== 'string')
      throw new ApiAccessArgumentError('user and password must be strings');
    const fits = user.length <= maxCredentialLength && password.length <= maxCredentialLength;
    // Over-long names share one throttle key, so they cannot fill the throttle's memory.
    const attempt = throttle?.begin(
      fits ? `user:${user}` : OVERLONG_USER_KEY,
      peer === undefined ? undefined : addressKey(peer.remoteAddress),
    );
    const { map, grants } = current;
    const entry = fits ? findEntry(map, user) : undefined;
    let ok = false;
    try {
      ok = entry !== undefined && (await checkPassword(entry.password, password));
    } finally {
      if (ok) attempt?.succeeded();
      else attempt?.failed();
    }
    return ok && entry !== undefined ? (grants.get(entry) ?? null) : null;
  };

  return Object.freeze({
    get map() {
      return current.map;
    },
    anonymous: () => current.anonymous,
    authenticate,
    allows,
    reload,
    close: () => stopWatching?.(),
  });
}

async function snapshotOf(map: PermissionMap): Promise<Snapshot> {
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

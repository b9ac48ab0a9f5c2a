// The start step of linked accounts: config, secrets key, service, routes, organizer methods, announcer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiMethods, Authenticator } from '@convene/rpc-core';
import type { Logger } from 'pino';
import type { ChangeSignals } from '../change-signals.js';
import type { CleanupStack } from '../cleanup-stack.js';
import type { NodeConfig } from '../config.js';
import { loadSecretsKey, secretsKeyPath } from '../secrets/key-file.js';
import { checkSecretsKey, TokenBox } from '../secrets/token-box.js';
import type { Store } from '../storage/store.js';
import { linkRoutes } from './link-routes.js';
import { LinkedAccounts } from './linked-accounts.js';
import { readOAuthConfig } from './oauth-config.js';
import { linkedAccountMethods } from './organizer-methods.js';
import { XAnnouncer } from './x-announcer.js';

/** Linked accounts as a started node uses them. */
export interface LinkedAccountsPart {
  readonly linked: LinkedAccounts;
  /** The organizer API's linked-account methods. */
  readonly methods: ApiMethods;
  /** The link routes; each call returns whether it took the request. */
  routes(options: {
    authenticator: Authenticator;
    onError: (error: unknown) => void;
    track: (work: Promise<unknown>) => void;
  }): (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Tells the part the URL the node listens on (the default base of callback URLs). */
  listening(url: string): void;
}

/**
 * Reads `--oauth-config`, loads (or makes) the secrets key and checks it against the database,
 * and connects the X announcer. Without an OAuth config nothing is read or made: the link routes
 * say how to configure them, and `get_linked_accounts` lists what an earlier run linked.
 *
 * @throws {ConfigError} for a bad OAuth config, an unreadable or wrong secrets key.
 */
export async function startLinkedAccounts(context: {
  config: NodeConfig;
  log: Logger;
  cleanups: CleanupStack;
  signals: ChangeSignals;
  store: Store;
}): Promise<LinkedAccountsPart> {
  const { config, log, cleanups, signals, store } = context;
  const oauth = config.oauthConfig === undefined ? undefined : readOAuthConfig(config.oauthConfig);
  let box: TokenBox;
  if (oauth !== undefined || config.secretsKeyFile !== undefined) {
    box = new TokenBox(loadSecretsKey(config.dataDir, config.secretsKeyFile));
    await checkSecretsKey(store.db, box, config.secretsKeyFile ?? secretsKeyPath(config.dataDir));
  } else {
    // Nothing is sealed or opened without a configured provider: every such path asks for one first.
    box = new TokenBox(crypto.getRandomValues(new Uint8Array(32)));
  }
  let url = `http://${config.host}:${config.port}`;
  const linked = new LinkedAccounts({ store, box, config: oauth, publicUrl: () => url });
  const x = oauth?.providers.get('x');
  if (oauth !== undefined && x !== undefined) {
    const announcer = new XAnnouncer({
      db: store.db,
      linked,
      config: x,
      settings: oauth.announcements,
      log,
    });
    const disconnect = announcer.connect(signals);
    cleanups.push(async () => {
      disconnect();
      await announcer.close();
    });
  }
  if (oauth !== undefined)
    log.info(
      { providers: [...oauth.providers.keys()], file: oauth.file },
      'linked accounts configured',
    );
  return {
    linked,
    methods: linkedAccountMethods(linked, store.db),
    routes: (options) => linkRoutes({ linked, ...options }),
    listening: (listenUrl) => {
      url = listenUrl;
    },
  };
}

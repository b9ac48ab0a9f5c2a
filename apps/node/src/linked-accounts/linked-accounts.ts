// Linking outside accounts to events: start, callback, list, unlink, refresh — the node's side of OAuth.
import { createHash, randomBytes } from 'node:crypto';
import {
  AuthorizationResponseError,
  CallbackError,
  OAuthError,
  OAuthResponseError,
} from '@convene/oauth';
import { NotFoundError } from '../errors.js';
import type { TokenBox } from '../secrets/token-box.js';
import type { Store } from '../storage/store.js';
import { AccountStore, type LinkedAccount } from './account-store.js';
import { LinkError } from './errors.js';
import type { OAuthConfig, ProviderConfig } from './oauth-config.js';
import { type AccountTokens, type ProviderClient, Providers } from './providers.js';

/** The line the link routes answer with when the node has no OAuth config. */
export const NOT_CONFIGURED =
  'Linked accounts are not configured: start the node with --oauth-config FILE (see convene-node --help)';

/** A link the browser is sent off with: where to, and the cookie that binds it to the browser. */
export interface StartedLink {
  readonly location: string;
  readonly cookie: string;
}

/** A completed link, for the page that says so. */
export interface CompletedLink {
  readonly eventId: string;
  readonly eventName: string;
  readonly provider: ProviderConfig;
  readonly account: { accountId: string; displayName: string };
}

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 30_000;

/** The hash a transaction is stored under: the cookie itself never reaches the database. */
const bindingOf = (cookie: string) => createHash('sha256').update(cookie).digest('base64url');

/**
 * The linked accounts of a node's events: `start` and `complete` serve the link routes, the rest
 * the organizer API and the announcer. Each link and unlink is a change of its event
 * (`account_linked`, `account_unlinked`), announced and sent to subscribers.
 */
export class LinkedAccounts {
  readonly accounts: AccountStore;
  readonly #store: Store;
  readonly #config: OAuthConfig | undefined;
  readonly #providers: Providers;
  readonly #publicUrl: () => string;

  constructor(options: {
    store: Store;
    box: TokenBox;
    config: OAuthConfig | undefined;
    publicUrl: () => string;
  }) {
    this.#store = options.store;
    this.#config = options.config;
    this.accounts = new AccountStore(options.store.db, options.box);
    this.#providers = new Providers(options.config?.transactionTtlMs ?? 600_000);
    this.#publicUrl = options.publicUrl;
  }

  /** The settings in force, undefined without `--oauth-config`. */
  get config(): OAuthConfig | undefined {
    return this.#config;
  }

  /** The callback URL of a provider. */
  redirectUri(provider: string): string {
    return `${this.#config?.publicUrl ?? this.#publicUrl()}/oauth/${provider}/callback`;
  }

  /**
   * The configured provider of that name.
   * @throws {LinkError} 404 without a config or such a provider.
   */
  provider(name: string): ProviderConfig {
    if (this.#config === undefined) throw new LinkError(404, NOT_CONFIGURED);
    const found = this.#config.providers.get(name);
    if (found === undefined)
      throw new LinkError(
        404,
        `No provider "${name}" in ${this.#config.file} (configured: ${[...this.#config.providers.keys()].join(', ') || 'none'})`,
      );
    return found;
  }

  async #client(name: string): Promise<ProviderClient> {
    const config = this.provider(name);
    try {
      return await this.#providers.client(config, this.redirectUri(name));
    } catch (error) {
      throw new LinkError(502, `${config.title} could not be reached: ${reason(error)}`, {
        cause: error,
      });
    }
  }

  /**
   * Begins linking `provider` to `eventId` for `user`: the provider's URL and the cookie value
   * that the callback must bring back.
   * @throws {LinkError} 404 unknown event or provider, 502 the provider failed.
   */
  async start(eventId: string, providerName: string, user: string): Promise<StartedLink> {
    const client = await this.#client(providerName);
    await this.#eventName(eventId);
    let started: Awaited<ReturnType<ProviderClient['start']>>;
    try {
      started = await client.start();
    } catch (error) {
      throw new LinkError(502, `${client.config.title} refused to start: ${reason(error)}`, {
        cause: error,
      });
    }
    const cookie = randomBytes(32).toString('base64url');
    await this.accounts.putTransaction(
      bindingOf(cookie),
      providerName,
      eventId,
      user,
      started.record,
      this.#providers.transactionTtlMs,
    );
    return { location: started.url.href, cookie };
  }

  /**
   * Completes a link at its callback: takes the transaction bound to `cookie` (once), checks the
   * callback, obtains and stores the account.
   * @throws {LinkError} 400 no, used or expired transaction or a callback that fails its checks,
   * 403 the owner said no, 502 the provider failed.
   */
  async complete(
    providerName: string,
    callback: URL,
    cookie: string | undefined,
  ): Promise<CompletedLink> {
    const client = await this.#client(providerName);
    const title = client.config.title;
    const taken =
      cookie === undefined
        ? undefined
        : await this.accounts.takeTransaction(bindingOf(cookie), providerName);
    if (taken === undefined)
      throw new LinkError(
        400,
        `No ${title} link is in progress in this browser: a callback works once, in the browser that started it. Start again from the event.`,
      );
    if (taken.expired)
      throw new LinkError(400, `The ${title} link took longer than allowed. Start again.`);
    let account: Awaited<ReturnType<ProviderClient['complete']>>;
    try {
      account = await client.complete(callback, taken.record);
    } catch (error) {
      throw callbackError(title, error);
    }
    await this.#store.write(async (tx) => {
      await this.accounts.saveAccount(tx, taken.eventId, providerName, taken.startedBy, account);
      return {
        id: providerName,
        change: {
          kind: 'account_linked',
          event_id: taken.eventId,
          id: providerName,
          action: 'created',
        },
      };
    });
    return {
      eventId: taken.eventId,
      eventName: await this.#eventName(taken.eventId).catch(() => `event ${taken.eventId}`),
      provider: client.config,
      account: { accountId: account.accountId, displayName: account.displayName },
    };
  }

  /**
   * The accounts linked to an event.
   * @throws {NotFoundError} for an unknown event.
   */
  async list(eventId: string): Promise<LinkedAccount[]> {
    await this.#eventName(eventId);
    return this.accounts.list(eventId);
  }

  /**
   * Unlinks: tells the provider (Stripe deauthorize, OAuth 2.0 revocation; X is forgotten), then
   * forgets the tokens. A provider that no longer knows the account does not stop the unlink; one
   * that cannot be reached does, and the link stays.
   * @throws {NotFoundError} when nothing of that provider is linked; {@link LinkError} 502.
   */
  async unlink(eventId: string, providerName: string): Promise<void> {
    const client = await this.#client(providerName);
    const account = await this.accounts.account(this.#store.db, eventId, providerName);
    if (account === undefined)
      throw new NotFoundError('provider', `account linked to event ${eventId} from`, providerName);
    try {
      await client.unlink(account.account_id, account);
    } catch (error) {
      if (!(error instanceof OAuthResponseError))
        throw new LinkError(502, `${client.config.title} could not be told: ${reason(error)}`, {
          cause: error,
        });
    }
    await this.#store.write(async (tx) => {
      if (!(await this.accounts.deleteAccount(tx, eventId, providerName)))
        throw new NotFoundError(
          'provider',
          `account linked to event ${eventId} from`,
          providerName,
        );
      return {
        id: providerName,
        change: {
          kind: 'account_unlinked',
          event_id: eventId,
          id: providerName,
          action: 'deleted',
        },
      };
    });
  }

  /**
   * A usable access token: refreshed first when it expires within 30 s, the new tokens (a rotated
   * refresh token too) stored in the same transaction as the refresh, the row locked meanwhile.
   * @throws {NotFoundError} nothing linked; {@link LinkError} 502 when the refresh fails.
   */
  async tokens(eventId: string, providerName: string, now = Date.now()): Promise<AccountTokens> {
    const client = await this.#client(providerName);
    return this.#store.db.transaction(async (tx) => {
      const account = await this.accounts.account(tx, eventId, providerName, true);
      if (account === undefined)
        throw new NotFoundError(
          'provider',
          `account linked to event ${eventId} from`,
          providerName,
        );
      const fresh = account.expiresAt === undefined || account.expiresAt > now + REFRESH_MARGIN_MS;
      if (fresh || account.refreshToken === undefined || client.refresh === undefined)
        return account;
      let next: Awaited<ReturnType<NonNullable<ProviderClient['refresh']>>>;
      try {
        next = await client.refresh(account.refreshToken);
      } catch (error) {
        throw new LinkError(502, `${client.config.title} refused the refresh: ${reason(error)}`, {
          cause: error,
        });
      }
      await this.accounts.saveTokens(tx, eventId, providerName, next, next.scopes);
      return { ...next, refreshToken: next.refreshToken ?? account.refreshToken };
    });
  }

  async #eventName(eventId: string): Promise<string> {
    const [row] = await this.#store.db.query<{ name: string }>(
      'SELECT name FROM events WHERE id = $1',
      [eventId],
    );
    if (row === undefined) throw new NotFoundError('event_id', 'event', eventId);
    return row.name;
  }
}

/** An error as a short reason: OAuth errors by their code and message, never a token. */
function reason(error: unknown): string {
  if (error instanceof OAuthResponseError)
    return `${error.error}${error.errorDescription ? ` (${error.errorDescription})` : ''}`;
  if (error instanceof OAuthError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function callbackError(title: string, error: unknown): LinkError {
  if (error instanceof AuthorizationResponseError)
    return new LinkError(
      error.error === 'access_denied' ? 403 : 400,
      error.error === 'access_denied'
        ? `The ${title} account owner did not allow the link.`
        : `${title} answered with an error: ${error.error}${error.errorDescription ? ` (${error.errorDescription})` : ''}`,
      { cause: error },
    );
  if (error instanceof CallbackError)
    return new LinkError(400, `The ${title} callback failed a check: ${error.message}`, {
      cause: error,
    });
  return new LinkError(502, `${title} did not complete the link: ${reason(error)}`, {
    cause: error,
  });
}

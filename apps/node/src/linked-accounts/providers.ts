// Each configured provider behind one shape: start a link, complete it, refresh, unlink.
import {
  type AuthorizationServer,
  type AuthorizationTransaction,
  discover,
  type OAuth1Client,
  OAuth2Client,
  StripeConnect,
  type StripeScope,
  type TokenCredentials,
  type TokenResponse,
  xOAuth1Client,
} from '@convene/oauth';
import type { ProviderConfig } from './oauth-config.js';

/** What a started link keeps server-side until its callback: sealed, never sent to the browser. */
export type TransactionRecord =
  | { readonly protocol: 'oauth2'; readonly transaction: AuthorizationTransaction }
  | {
      readonly protocol: 'oauth1';
      readonly temporary: TokenCredentials;
      readonly createdAt: number;
    };

/** A link in the making: where to send the browser, and what to keep. */
export interface LinkStart {
  readonly url: URL;
  readonly record: TransactionRecord;
}

/** The tokens to use an account with, and when the access token expires (ms since the epoch). */
export interface AccountTokens {
  readonly accessToken: string;
  readonly refreshToken?: string | undefined;
  /** OAuth 1.0a token secret. */
  readonly tokenSecret?: string | undefined;
  readonly expiresAt?: number | undefined;
}

/** An account a completed callback linked. */
export interface LinkedAccountTokens extends AccountTokens {
  readonly accountId: string;
  readonly displayName: string;
  readonly scopes: readonly string[];
}

/** One configured provider, spoken to through `@convene/oauth`. */
export interface ProviderClient {
  readonly config: ProviderConfig;
  /** Begins a link: the provider's authorization URL and the transaction to keep. */
  start(): Promise<LinkStart>;
  /** Checks the callback against the kept transaction and obtains the account's tokens. */
  complete(callback: URL, record: TransactionRecord): Promise<LinkedAccountTokens>;
  /** New tokens for a refresh token; undefined when the provider has no refresh. */
  refresh?(refreshToken: string): Promise<AccountTokens & { scopes?: readonly string[] }>;
  /** Tells the provider the account is let go (deauthorize, revoke), where it has a way. */
  unlink(accountId: string, tokens: AccountTokens): Promise<void>;
}

/** What every client needs beside its config. */
export interface ProviderContext {
  readonly redirectUri: string;
  readonly transactionTtlMs: number;
}

const scopesOf = (tokens: TokenResponse, requested: readonly string[]) =>
  tokens.scope === undefined ? [...requested] : tokens.scope.split(' ').filter(Boolean);

const expiry = (tokens: TokenResponse) => tokens.expiresAt;

function oauth2Record(record: TransactionRecord): AuthorizationTransaction {
  if (record.protocol !== 'oauth2') throw new TypeError('an OAuth 1.0a transaction for OAuth 2.0');
  return record.transaction;
}

/** Stripe Connect: the `stripe_user_id` is the account; unlink deauthorizes it. */
function stripeClient(config: ProviderConfig, context: ProviderContext): ProviderClient {
  const e = config.endpoints;
  const stripe = new StripeConnect({
    clientId: config.clientId,
    secretKey: config.secret ?? '',
    redirectUri: context.redirectUri,
    endpoints: {
      ...(e.authorization_endpoint ? { authorizationEndpoint: e.authorization_endpoint } : {}),
      ...(e.token_endpoint ? { tokenEndpoint: e.token_endpoint } : {}),
      ...(e.deauthorization_endpoint
        ? { deauthorizationEndpoint: e.deauthorization_endpoint }
        : {}),
    },
    allowInsecureRequests: config.allowHttpLoopback,
    limits: { transactionTtlMs: context.transactionTtlMs },
  });
  const scope = (config.scopes[0] ?? 'read_write') as StripeScope;
  return {
    config,
    start: async () => {
      const { url, transaction } = stripe.authorize({ scope });
      return { url, record: { protocol: 'oauth2', transaction } };
    },
    complete: async (callback, record) => {
      const tokens = await stripe.completeAuthorization(callback, oauth2Record(record));
      return {
        accountId: tokens.stripeUserId,
        displayName: tokens.stripeUserId,
        scopes: scopesOf(tokens, [scope]),
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: expiry(tokens),
      };
    },
    refresh: async (refreshToken) => {
      const tokens = await stripe.refresh(refreshToken);
      return {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: expiry(tokens),
      };
    },
    unlink: async (accountId) => {
      await stripe.deauthorize(accountId);
    },
  };
}

/** X's OAuth 1.0a client for a configured X provider (also used to post announcements). */
export function xClient(config: ProviderConfig): OAuth1Client {
  const e = config.endpoints;
  return xOAuth1Client({
    consumer: { key: config.clientId, secret: config.secret ?? '' },
    signIn: false,
    endpoints: {
      ...(e.request_token ? { requestToken: e.request_token } : {}),
      ...(e.authorize ? { authorize: e.authorize } : {}),
      ...(e.access_token ? { accessToken: e.access_token } : {}),
    },
    allowInsecureRequests: config.allowHttpLoopback,
  });
}

/** X through OAuth 1.0a: tokens never expire; unlinking forgets them. */
function xProvider(config: ProviderConfig, context: ProviderContext): ProviderClient {
  const client = xClient(config);
  return {
    config,
    start: async () => {
      const temporary = await client.requestToken(context.redirectUri);
      return {
        url: client.authorizationUrl(temporary),
        record: {
          protocol: 'oauth1',
          temporary: { key: temporary.key, secret: temporary.secret },
          createdAt: Date.now(),
        },
      };
    },
    complete: async (callback, record) => {
      if (record.protocol !== 'oauth1') throw new TypeError('an OAuth 2.0 transaction for X');
      const { verifier } = client.validateCallback(callback, record.temporary);
      const token = await client.accessToken(record.temporary, verifier);
      const id = token.fields.user_id ?? token.key.split('-')[0] ?? token.key;
      const name = token.fields.screen_name;
      return {
        accountId: id,
        displayName: name ? `@${name}` : id,
        scopes: [],
        accessToken: token.key,
        tokenSecret: token.secret,
      };
    },
    unlink: async () => {},
  };
}

/** The claims of an ID token received straight from the token endpoint (OIDC Core §3.1.3.7: TLS vouches for it). */
function idTokenClaims(tokens: TokenResponse): Record<string, unknown> {
  const idToken = tokens.fields.id_token;
  if (typeof idToken !== 'string') return {};
  try {
    const claims: unknown = JSON.parse(
      Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
    );
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The authorization server of a generic provider: its endpoints, else its discovered metadata. */
async function serverOf(config: ProviderConfig): Promise<AuthorizationServer> {
  const e = config.endpoints;
  if (e.authorization_endpoint && e.token_endpoint)
    return {
      ...(config.issuer ? { issuer: config.issuer } : {}),
      authorizationEndpoint: e.authorization_endpoint,
      tokenEndpoint: e.token_endpoint,
      ...(e.revocation_endpoint ? { revocationEndpoint: e.revocation_endpoint } : {}),
    };
  const found = await discover(config.issuer ?? '', {
    wellKnown: 'openid-configuration',
    allowInsecureRequests: config.allowHttpLoopback,
  });
  return {
    ...found,
    ...(e.authorization_endpoint ? { authorizationEndpoint: e.authorization_endpoint } : {}),
    ...(e.token_endpoint ? { tokenEndpoint: e.token_endpoint } : {}),
    ...(e.revocation_endpoint ? { revocationEndpoint: e.revocation_endpoint } : {}),
  };
}

/** Any OAuth 2.0 server: PKCE, `iss` checked where promised, refresh, RFC 7009 revocation. */
function oauth2Provider(
  config: ProviderConfig,
  context: ProviderContext,
  server: AuthorizationServer,
): ProviderClient {
  const client = new OAuth2Client({
    server,
    client: {
      clientId: config.clientId,
      redirectUri: context.redirectUri,
      authentication:
        config.secret === undefined
          ? { method: 'none' }
          : { method: 'client_secret_basic', clientSecret: config.secret },
    },
    allowInsecureRequests: config.allowHttpLoopback,
    limits: { transactionTtlMs: context.transactionTtlMs },
  });
  return {
    config,
    start: async () => {
      const { url, transaction } = client.authorize({ scope: [...config.scopes] });
      return { url, record: { protocol: 'oauth2', transaction } };
    },
    complete: async (callback, record) => {
      const tokens = await client.completeAuthorization(callback, oauth2Record(record));
      const claims = idTokenClaims(tokens);
      const sub = typeof claims.sub === 'string' ? claims.sub : 'account';
      const name = [claims.name, claims.preferred_username, claims.email].find(
        (value): value is string => typeof value === 'string',
      );
      return {
        accountId: sub,
        displayName: name ?? sub,
        scopes: scopesOf(tokens, config.scopes),
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: expiry(tokens),
      };
    },
    refresh: async (refreshToken) => {
      const tokens = await client.refresh(refreshToken);
      return {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: expiry(tokens),
        ...(tokens.scope === undefined ? {} : { scopes: scopesOf(tokens, config.scopes) }),
      };
    },
    unlink: async (_accountId, tokens) => {
      if (server.revocationEndpoint === undefined) return;
      if (tokens.refreshToken !== undefined)
        await client.revoke(tokens.refreshToken, 'refresh_token');
      await client.revoke(tokens.accessToken, 'access_token');
    },
  };
}

/**
 * The configured providers as clients. A generic provider's metadata is read on first use and
 * kept (a failed read is tried again next time).
 */
export class Providers {
  readonly #servers = new Map<string, Promise<AuthorizationServer>>();

  constructor(readonly transactionTtlMs: number) {}

  /** The client of `config`, its callback at `redirectUri`. */
  async client(config: ProviderConfig, redirectUri: string): Promise<ProviderClient> {
    const context = { redirectUri, transactionTtlMs: this.transactionTtlMs };
    if (config.kind === 'stripe') return stripeClient(config, context);
    if (config.kind === 'x') return xProvider(config, context);
    let server = this.#servers.get(config.name);
    if (server === undefined) {
      server = serverOf(config);
      this.#servers.set(config.name, server);
      server.catch(() => this.#servers.delete(config.name));
    }
    return oauth2Provider(config, context, await server);
  }
}

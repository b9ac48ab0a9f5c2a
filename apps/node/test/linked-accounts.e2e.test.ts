// Organizers link outside accounts to events: a generic OAuth 2.0 server (oidc-provider driven
// through its pages), Stripe Connect (a stand-in speaking its wire format) and X (python3-oauthlib
// playing its OAuth 1.0a endpoints and post resource), on both storages, through the built node.
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../../packages/oauth/test/peers/local-server.ts';
import {
  type OidcPeer,
  startOidcPeer,
  userAgent,
} from '../../../packages/oauth/test/peers/oidc-peer.ts';
import {
  STRIPE_PLATFORM,
  startStripeServer,
} from '../../../packages/oauth/test/peers/stripe-server.ts';
import { LinkedAccounts } from '../src/linked-accounts/linked-accounts.js';
import { readOAuthConfig } from '../src/linked-accounts/oauth-config.js';
import type { Talk } from '../src/model.js';
import { loadSecretsKey } from '../src/secrets/key-file.js';
import { TokenBox } from '../src/secrets/token-box.js';
import { openDatabase } from '../src/storage/open.js';
import { Store } from '../src/storage/store.js';
import { startXPeer, X_CONSUMER, type XPeer } from './peers/x-peer.js';
import { freshStorage, type NodeStorage, STORAGE_KINDS } from './support/backends.js';
import { createTempDir } from './support/databases.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';
import { basic, type Message, postRpc, RawClient } from './support/raw-client.js';

const EVENT = '1';
const INSPECTOR = { id: 'inspector', secret: 'inspector-secret' };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Every file under `dir`, read as text. */
function filesText(dir: string): string {
  let all = '';
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) all += filesText(path);
    else if (entry.isFile()) all += readFileSync(path).toString('latin1');
  }
  return all;
}

describe.each(STORAGE_KINDS)('linked accounts on %s', (kind) => {
  let storage: NodeStorage;
  let oidc: OidcPeer;
  let stripe: LocalServer;
  let x: XPeer;
  let node: NodeProcess;
  let port: number;
  let configPath: string;
  let password: string;
  const organizer = () => basic('organizer', password);

  const writeConfig = (extra: Record<string, unknown> = {}) => {
    writeFileSync(join(storage.dataDir, 'x-secret.txt'), `${X_CONSUMER.secret}\n`);
    writeFileSync(
      configPath,
      JSON.stringify({
        announcements: { min_interval_seconds: 2, retry_base_seconds: 0.2, max_attempts: 4 },
        ...extra,
        providers: {
          local: {
            type: 'oauth2',
            display_name: 'Local ID',
            issuer: oidc.issuer,
            client_id: 'convene-node',
            scopes: ['openid'],
            allow_http_loopback: true,
          },
          stripe: {
            client_id: STRIPE_PLATFORM.clientId,
            secret_env: 'CONVENE_TEST_STRIPE_SECRET',
            endpoints: {
              authorization_endpoint: `${stripe.origin}/oauth/authorize`,
              token_endpoint: `${stripe.origin}/oauth/token`,
              deauthorization_endpoint: `${stripe.origin}/oauth/deauthorize`,
            },
            allow_http_loopback: true,
          },
          x: {
            client_id: X_CONSUMER.key,
            secret_file: 'x-secret.txt',
            endpoints: {
              request_token: `${x.origin}/oauth/request_token`,
              authorize: `${x.origin}/oauth/authorize`,
              access_token: `${x.origin}/oauth/access_token`,
              post_status: `${x.origin}/2/tweets`,
            },
            allow_http_loopback: true,
          },
        },
      }),
    );
  };

  const start = async (extraArgs: string[] = []) => {
    node = await startNodeProcess({
      ...storage,
      extraArgs: [
        '--rpc-endpoint',
        `127.0.0.1:${port}`,
        '--oauth-config',
        configPath,
        '--log-format',
        'json',
        ...extraArgs,
      ],
    });
    password ||= node.password ?? '';
  };

  const organizerCall = async (method: string, args: unknown[]) => {
    const answer = await postRpc(
      `${node.url}/rpc`,
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'call',
        params: ['organizer', method, args],
      }),
      organizer(),
    );
    return answer.body as Message;
  };

  /** GET /events/{id}/link/{provider}: the status, where to, and the cookie to send back. */
  const begin = async (provider: string, headers: Record<string, string> = organizer()) => {
    const response = await fetch(`${node.url}/events/${EVENT}/link/${provider}`, {
      redirect: 'manual',
      headers,
    });
    const setCookie = response.headers.get('set-cookie') ?? '';
    return {
      status: response.status,
      text: await response.text(),
      location: response.headers.get('location') ?? '',
      setCookie,
      cookie: setCookie.split(';')[0] ?? '',
    };
  };

  /** The browser back at the node's callback. */
  const land = async (callback: string, cookie: string) => {
    const response = await fetch(callback, { redirect: 'manual', headers: { cookie } });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  /** A provider that answers the authorization URL with a redirect straight back. */
  const redirectOf = async (url: string) =>
    (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '';

  beforeAll(async () => {
    storage = await freshStorage(kind);
    configPath = join(storage.dataDir, 'oauth.json');
    port = await freePort();
    process.env.CONVENE_TEST_STRIPE_SECRET = STRIPE_PLATFORM.secretKey;
    oidc = await startOidcPeer([
      {
        client_id: 'convene-node',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`http://127.0.0.1:${port}/oauth/local/callback`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      {
        client_id: INSPECTOR.id,
        client_secret: INSPECTOR.secret,
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: ['http://127.0.0.1:9/unused'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ]);
    stripe = await startStripeServer();
    x = await startXPeer();
    writeConfig();
    await start();
  });

  afterAll(async () => {
    await node?.stop();
    await Promise.all([oidc?.stop(), stripe?.close(), x?.stop()]);
    await storage?.cleanup();
  });

  /** Whether oidc-provider still honours `token`. */
  const active = async (token: string) => {
    const response = await fetch(`${oidc.issuer}/token/introspection`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${INSPECTOR.id}:${INSPECTOR.secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token }),
    });
    return ((await response.json()) as { active: boolean }).active;
  };

  describe('GET /events/{id}/link/{provider}', () => {
    it('sends an organizer to the provider with a 303 and an HttpOnly SameSite=Lax cookie', async () => {
      const started = await begin('local');
      expect(started.status).toBe(303);
      const target = new URL(started.location);
      expect(target.origin).toBe(oidc.issuer);
      expect(target.searchParams.get('code_challenge_method')).toBe('S256');
      expect(target.searchParams.get('redirect_uri')).toBe(`${node.url}/oauth/local/callback`);
      expect(started.setCookie).toMatch(
        /^convene_link_local=[A-Za-z0-9_-]{43}; Path=\/oauth\/local\/callback; Max-Age=600; HttpOnly; SameSite=Lax$/,
      );
    });

    it('asks anyone else to log in as an organizer', async () => {
      expect((await begin('local', {})).status).toBe(401);
      expect((await begin('local', basic('organizer', 'wrong'))).status).toBe(401);
    });

    it('answers 404 for a provider that is not configured, naming the ones that are', async () => {
      const started = await begin('github');
      expect(started.status).toBe(404);
      expect(started.text).toContain('configured: local, stripe, x');
    });
  });

  describe('a generic OAuth 2.0 provider (oidc-provider)', () => {
    it('links the account after login and consent, tells subscribers, shows a page', async () => {
      const watcher = await RawClient.open(node.wsUrl);
      try {
        await watcher.result(0, 'set_subscribe_callback', [7, EVENT]);
        const started = await begin('local');
        const callback = await userAgent(new URL(started.location));
        expect(new URL(callback).searchParams.get('iss')).toBe(oidc.issuer);
        const page = await land(callback, started.cookie);
        expect(page.status).toBe(200);
        expect(page.text).toContain('Local ID account linked');
        expect(page.text).toContain('jane');
        expect(page.headers.get('referrer-policy')).toBe('no-referrer');
        expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
        const notice = await watcher.waitFor(
          (m) => m.method === 'notice' && JSON.stringify(m.params).includes('account_linked'),
        );
        expect(notice.params).toEqual([
          7,
          [{ kind: 'account_linked', event_id: EVENT, id: 'local', action: 'created' }],
        ]);
      } finally {
        watcher.close();
      }
      const listed = await organizerCall('get_linked_accounts', [EVENT]);
      expect(listed.result).toEqual([
        {
          provider: 'local',
          account_id: 'jane',
          display_name: 'jane',
          scopes: expect.arrayContaining(['openid']),
          linked_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
          linked_by: 'organizer',
          announce: false,
        },
      ]);
      expect(JSON.stringify(listed.result)).not.toMatch(/token/i);
    });

    it('links nothing when the owner refuses (access_denied)', async () => {
      await organizerCall('unlink_account', [EVENT, 'local']);
      const started = await begin('local');
      const callback = await userAgent(new URL(started.location), { deny: true });
      expect(new URL(callback).searchParams.get('error')).toBe('access_denied');
      const page = await land(callback, started.cookie);
      expect(page.status).toBe(403);
      expect(page.text).toContain('did not allow the link');
      expect((await organizerCall('get_linked_accounts', [EVENT])).result).toEqual([]);
    });

    it('refuses a forged state, and the transaction is gone after it', async () => {
      const started = await begin('local');
      const callback = new URL(await userAgent(new URL(started.location)));
      const forged = new URL(callback);
      forged.searchParams.set('state', 'forged-state-of-an-attacker');
      const page = await land(forged.href, started.cookie);
      expect(page.status).toBe(400);
      expect(page.text).toContain('state');
      expect((await land(callback.href, started.cookie)).status).toBe(400);
      expect((await organizerCall('get_linked_accounts', [EVENT])).result).toEqual([]);
    });

    it('refuses a callback from another issuer (mix-up)', async () => {
      const started = await begin('local');
      const callback = new URL(await userAgent(new URL(started.location)));
      callback.searchParams.set('iss', 'https://attacker.example');
      const page = await land(callback.href, started.cookie);
      expect(page.status).toBe(400);
      expect(page.text).toContain('iss');
      expect((await organizerCall('get_linked_accounts', [EVENT])).result).toEqual([]);
    });

    it('refuses a callback without the cookie of the browser that started it', async () => {
      const started = await begin('local');
      const callback = await userAgent(new URL(started.location));
      const page = await land(callback, 'convene_link_local=someone-elses-cookie');
      expect(page.status).toBe(400);
      expect(page.text).toContain('in the browser that started it');
    });

    it('links once; the same callback replayed finds nothing', async () => {
      const started = await begin('local');
      const callback = await userAgent(new URL(started.location));
      expect((await land(callback, started.cookie)).status).toBe(200);
      const replay = await land(callback, started.cookie);
      expect(replay.status).toBe(400);
      expect(replay.text).toContain('a callback works once');
    });

    it('unlinks with revocation: the provider no longer honours the tokens', async () => {
      const linked = await linkedTokens('local');
      expect(await active(linked.accessToken)).toBe(true);
      expect((await organizerCall('unlink_account', [EVENT, 'local'])).result).toBe(true);
      expect(await active(linked.accessToken)).toBe(false);
      expect(await active(linked.refreshToken ?? '')).toBe(false);
      expect((await organizerCall('get_linked_accounts', [EVENT])).result).toEqual([]);
      const again = await organizerCall('unlink_account', [EVENT, 'local']);
      expect(again.error?.code).toBe(-32602);
    });
  });

  /** Links `provider` again and reads its tokens as the node stored them (PostgreSQL only while running). */
  async function linkedTokens(provider: 'local') {
    const started = await begin(provider);
    expect((await land(await userAgent(new URL(started.location)), started.cookie)).status).toBe(
      200,
    );
    return withService((linked) => linked.accounts.account(linkedDb(linked), EVENT, provider)).then(
      (account) => {
        if (account === undefined) throw new Error('not linked');
        return account;
      },
    );
  }

  let openDb: Awaited<ReturnType<typeof openDatabase>> | undefined;
  const linkedDb = (_linked: LinkedAccounts) => openDb as NonNullable<typeof openDb>;

  /** The node's linked-accounts service opened in this process on the node's storage. */
  async function withService<T>(run: (linked: LinkedAccounts) => Promise<T>): Promise<T> {
    const running = kind === 'pglite';
    if (running) await node.stop();
    const db = await openDatabase({
      dataDir: storage.dataDir,
      databaseUrl: storage.databaseUrl,
      onError: () => {},
      onGap: () => {},
    });
    openDb = db;
    try {
      const linked = new LinkedAccounts({
        store: new Store(db, 'test', () => {}),
        box: new TokenBox(loadSecretsKey(storage.dataDir)),
        config: readOAuthConfig(configPath),
        publicUrl: () => node.url,
      });
      return await run(linked);
    } finally {
      await db.close();
      openDb = undefined;
      if (running) await start();
    }
  }

  describe('Stripe Connect (a stand-in speaking its wire format)', () => {
    /** The platform disconnecting an account at Stripe itself, as its dashboard would. */
    const deauthorizeAtStripe = (account: string) =>
      fetch(`${stripe.origin}/oauth/deauthorize`, {
        method: 'POST',
        headers: { authorization: `Bearer ${STRIPE_PLATFORM.secretKey}` },
        body: new URLSearchParams({ client_id: STRIPE_PLATFORM.clientId, stripe_user_id: account }),
      });

    it('links the connected account by its stripe_user_id', async () => {
      const started = await begin('stripe');
      const target = new URL(started.location);
      expect(`${target.origin}${target.pathname}`).toBe(`${stripe.origin}/oauth/authorize`);
      expect(target.searchParams.get('scope')).toBe('read_write');
      const page = await land(await redirectOf(started.location), started.cookie);
      expect(page.status).toBe(200);
      const [account] = (await organizerCall('get_linked_accounts', [EVENT])).result as {
        provider: string;
        account_id: string;
      }[];
      expect(account).toMatchObject({ provider: 'stripe', scopes: ['read_write'] });
      expect(account?.account_id).toMatch(/^acct_[0-9a-f]{24}$/);
      const exchange = stripe.requests.find((r) => r.url.pathname === '/oauth/token');
      expect(exchange?.headers.authorization).toBe(`Bearer ${STRIPE_PLATFORM.secretKey}`);
      expect(exchange?.form.get('grant_type')).toBe('authorization_code');
    });

    it("shows Stripe's access_denied and links nothing new", async () => {
      const started = await begin('stripe');
      const page = await land(await redirectOf(`${started.location}&deny=1`), started.cookie);
      expect(page.status).toBe(403);
    });

    it('unlinks with deauthorize; a second deauthorize would be refused by Stripe', async () => {
      const [account] = (await organizerCall('get_linked_accounts', [EVENT])).result as {
        account_id: string;
      }[];
      expect((await organizerCall('unlink_account', [EVENT, 'stripe'])).result).toBe(true);
      const deauthorize = stripe.requests.filter((r) => r.url.pathname === '/oauth/deauthorize');
      expect(deauthorize).toHaveLength(1);
      expect(deauthorize[0]?.form.get('stripe_user_id')).toBe(account?.account_id);
      expect(deauthorize[0]?.form.get('client_id')).toBe(STRIPE_PLATFORM.clientId);
      expect((await deauthorizeAtStripe(account?.account_id ?? '')).status).toBe(400);
      expect((await organizerCall('get_linked_accounts', [EVENT])).result).toEqual([]);
    });
    it("shows Stripe's error body when the code is refused, and links nothing", async () => {
      const started = await begin('stripe');
      const callback = new URL(await redirectOf(started.location));
      callback.searchParams.set('code', 'ac_not_issued');
      const page = await land(callback.href, started.cookie);
      expect(page.status).toBe(502);
      expect(page.text).toContain(
        'invalid_grant (Authorization code does not exist: ac_not_issued)',
      );
      expect((await organizerCall('get_linked_accounts', [EVENT])).result).toEqual([]);
    });

    it('forgets an account the owner already disconnected at Stripe (deauthorize answers an error body)', async () => {
      const started = await begin('stripe');
      expect((await land(await redirectOf(started.location), started.cookie)).status).toBe(200);
      const [account] = (await organizerCall('get_linked_accounts', [EVENT])).result as {
        account_id: string;
      }[];
      expect((await deauthorizeAtStripe(account?.account_id ?? '')).status).toBe(200);
      expect((await organizerCall('unlink_account', [EVENT, 'stripe'])).result).toBe(true);
      expect((await organizerCall('get_linked_accounts', [EVENT])).result).toEqual([]);
    });
  });

  describe('X (OAuth 1.0a on python3-oauthlib) and announcements', () => {
    let talk: Talk;

    const move = async (minutes: number) => {
      const startsAt = new Date(Date.parse(talk.starts_at) + minutes * 60_000).toISOString();
      const endsAt = new Date(Date.parse(talk.ends_at) + minutes * 60_000).toISOString();
      const answer = await organizerCall('update_talk', [
        talk.id,
        { starts_at: startsAt, ends_at: endsAt },
      ]);
      expect(answer.error).toBeUndefined();
    };
    const postsFor = async (title: string) =>
      (await x.posts()).filter((post) => post.text.includes(title));
    const until = async (test: () => Promise<boolean>, what: string) => {
      for (let i = 0; i < 200; i++) {
        if (await test()) return;
        await sleep(50);
      }
      throw new Error(`timed out waiting for ${what}`);
    };

    beforeAll(async () => {
      const answer = await postRpc(
        `${node.url}/rpc`,
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'call',
          params: [0, 'get_talks', [EVENT]],
        }),
      );
      const talks = answer.body?.result as Talk[];
      talk = talks[0] as Talk;
    });

    it('links nothing when the X user denies', async () => {
      const started = await begin('x');
      const page = await land(await redirectOf(`${started.location}&deny=1`), started.cookie);
      expect(page.status).toBe(403);
      expect((await organizerCall('get_linked_accounts', [EVENT])).result).toEqual([]);
    });

    it('links the X account as @screen_name', async () => {
      const started = await begin('x');
      expect(new URL(started.location).pathname).toBe('/oauth/authorize');
      const page = await land(await redirectOf(started.location), started.cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain('@twitterapi (6253282)');
    });

    it('refuses set_announcements for an event without an X account', async () => {
      const answer = await organizerCall('set_announcements', ['999999', true]);
      expect(answer.error?.code).toBe(-32602);
    });

    it('posts a moved talk exactly once, signed, and a second move within the interval later', async () => {
      const on = await organizerCall('set_announcements', [EVENT, true]);
      expect(on.result).toMatchObject({ provider: 'x', announce: true });
      await organizerCall('update_talk', [talk.id, { abstract: 'only the abstract changed' }]);
      await move(30);
      await until(async () => (await postsFor(talk.title)).length === 1, 'the first post');
      const [post] = await postsFor(talk.title);
      expect(post).toMatchObject({ client_key: X_CONSUMER.key, signature_method: 'HMAC-SHA1' });
      expect(post?.text).toContain('is now');
      expect(post?.text.length).toBeLessThanOrEqual(280);
      await move(60);
      await move(90);
      await sleep(500);
      expect(await postsFor(talk.title)).toHaveLength(1);
      await until(async () => (await postsFor(talk.title)).length === 2, 'the deferred post');
      await sleep(2500);
      expect(await postsFor(talk.title)).toHaveLength(2);
      talk = {
        ...talk,
        starts_at: new Date(Date.parse(talk.starts_at) + 90 * 60_000).toISOString(),
        ends_at: new Date(Date.parse(talk.ends_at) + 90 * 60_000).toISOString(),
      };
    });

    it('retries a failed post with backoff and logs the failure', async () => {
      await sleep(2100);
      await x.failNext(2);
      await move(-30);
      await until(async () => (await postsFor(talk.title)).length === 3, 'the retried post');
      expect(node.output()).toMatch(/posting to X failed; retrying/);
      expect(node.output()).toContain('"failure":"HTTP 503"');
    });

    if (kind === 'postgresql')
      it('posts once when two nodes share the database and both hear the change', async () => {
        const other = createTempDir();
        // Nodes sharing a database share its keys, as the node README says.
        copyFileSync(join(storage.dataDir, 'node-keys.json'), join(other.dir, 'node-keys.json'));
        const second = await startNodeProcess({
          dataDir: other.dir,
          databaseUrl: storage.databaseUrl as string,
          apiAccess: join(storage.dataDir, 'api-access.json'),
          extraArgs: [
            '--oauth-config',
            configPath,
            '--secrets-key-file',
            join(storage.dataDir, 'secrets.key'),
          ],
        });
        try {
          expect(second.output()).toContain('linked accounts configured');
          await sleep(2100);
          const before = (await postsFor(talk.title)).length;
          await move(15);
          await until(async () => (await postsFor(talk.title)).length === before + 1, 'a post');
          await sleep(1500);
          expect(await postsFor(talk.title)).toHaveLength(before + 1);
        } finally {
          await second.stop();
          other.remove();
        }
      });
  });

  describe('secrets at rest', () => {
    it('refreshes an expired token, storing the rotated refresh token with it', async () => {
      const linked = await linkedTokens('local');
      await withService(async (service) => {
        const same = await service.tokens(EVENT, 'local');
        expect(same.accessToken).toBe(linked.accessToken);
        const later = await service.tokens(EVENT, 'local', Date.now() + 2 * 3600_000);
        expect(later.accessToken).not.toBe(linked.accessToken);
        expect(later.refreshToken).not.toBe(linked.refreshToken);
        const stored = await service.accounts.account(linkedDb(service), EVENT, 'local');
        expect(stored?.refreshToken).toBe(later.refreshToken);
        expect(stored?.accessToken).toBe(later.accessToken);
        expect(await active(linked.refreshToken ?? '')).toBe(false);
        expect(await active(later.accessToken)).toBe(true);
      });
    });

    it('keeps no token in the database as stored, and the key file is 0600', async () => {
      const tokens = await withService(async (service) => {
        const found: string[] = [];
        for (const provider of ['local', 'x']) {
          const account = await service.accounts.account(linkedDb(service), EVENT, provider);
          if (account === undefined) throw new Error(`${provider} is not linked`);
          found.push(account.accessToken, account.refreshToken ?? '', account.tokenSecret ?? '');
        }
        return found.filter((token) => token.length > 8);
      });
      expect(tokens.length).toBeGreaterThanOrEqual(4);
      let stored: string;
      if (kind === 'pglite') {
        await node.stop();
        stored = filesText(join(storage.dataDir, 'pgdata'));
        await start();
      } else {
        const client = new pg.Client({ connectionString: storage.databaseUrl });
        await client.connect();
        try {
          const tables = await client.query<{ table_name: string }>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
          );
          stored = '';
          for (const { table_name } of tables.rows) {
            const rows = await client.query(
              `SELECT row_to_json(t)::text AS row FROM ${table_name} t`,
            );
            stored += rows.rows.map((r: { row: string }) => r.row).join('\n');
          }
        } finally {
          await client.end();
        }
      }
      expect(stored).toContain('6253282');
      for (const token of tokens) expect(stored).not.toContain(token);
      expect(statSync(join(storage.dataDir, 'secrets.key')).mode & 0o777).toBe(0o600);
    });

    it('refuses to start with another key, saying so', async () => {
      await node.stop();
      const other = join(storage.dataDir, 'other.key');
      writeFileSync(other, `${Buffer.alloc(32, 7).toString('base64url')}\n`, { mode: 0o600 });
      await expect(start(['--secrets-key-file', other])).rejects.toThrow(
        /is not the key this database's linked-account tokens were sealed with/,
      );
      await start();
    });

    it('refuses a callback that comes after the transaction expired', async () => {
      await node.stop();
      writeConfig({ transaction_ttl_seconds: 1 });
      await start();
      const started = await begin('local');
      expect(started.setCookie).toContain('Max-Age=1;');
      const callback = await userAgent(new URL(started.location));
      await sleep(1500);
      const page = await land(callback, started.cookie);
      expect(page.status).toBe(400);
      expect(page.text).toContain('took longer than allowed');
    });
  });
});

describe('without --oauth-config', () => {
  let storage: NodeStorage;
  let node: NodeProcess;

  beforeAll(async () => {
    storage = await freshStorage('pglite');
    node = await startNodeProcess(storage);
  });
  afterAll(async () => {
    await node?.stop();
    await storage?.cleanup();
  });

  it('answers the link routes with 404 and how to configure them', async () => {
    for (const path of [`/events/${EVENT}/link/stripe`, '/oauth/stripe/callback?code=x']) {
      const response = await fetch(`${node.url}${path}`, {
        headers: basic('organizer', node.password ?? ''),
      });
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('start the node with --oauth-config FILE');
    }
  });
});

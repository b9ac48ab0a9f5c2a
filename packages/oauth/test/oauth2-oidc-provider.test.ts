// The OAuth 2.0 client against oidc-provider as a real authorization server on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthorizationResponseError,
  type AuthorizationServer,
  CallbackError,
  type ClientAuthentication,
  discover,
  MemoryTransactionStore,
  OAuth2Client,
  OAuthResponseError,
  ResponseError,
} from '../src/index.ts';
import { type OidcPeer, startOidcPeer, userAgent } from './peers/oidc-peer.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const BASIC = { id: 'convene special:id', secret: 'p@ss:w0rd+/% x&=' };
const POST = { id: 'convene-post', secret: 'post: secret&=+ %~' };
const PUBLIC = { id: 'convene-public' };
const registered = (client_id: string, method: string, client_secret?: string) => ({
  client_id,
  ...(client_secret === undefined ? {} : { client_secret }),
  token_endpoint_auth_method: method,
  redirect_uris: [REDIRECT],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
});

let peer: OidcPeer;
let server: AuthorizationServer;

beforeAll(async () => {
  peer = await startOidcPeer([
    registered(BASIC.id, 'client_secret_basic', BASIC.secret),
    registered(POST.id, 'client_secret_post', POST.secret),
    registered(PUBLIC.id, 'none'),
  ]);
  server = await discover(peer.issuer, {
    wellKnown: 'openid-configuration',
    allowInsecureRequests: true,
  });
});
afterAll(() => peer?.stop());

const clients: Record<string, { clientId: string; authentication: ClientAuthentication }> = {
  client_secret_basic: {
    clientId: BASIC.id,
    authentication: { method: 'client_secret_basic', clientSecret: BASIC.secret },
  },
  client_secret_post: {
    clientId: POST.id,
    authentication: { method: 'client_secret_post', clientSecret: POST.secret },
  },
  none: { clientId: PUBLIC.id, authentication: { method: 'none' } },
};

const oauthClient = (name = 'client_secret_basic', authentication?: ClientAuthentication) =>
  new OAuth2Client({
    server,
    client: {
      ...(clients[name] as (typeof clients)[string]),
      ...(authentication === undefined ? {} : { authentication }),
      redirectUri: REDIRECT,
    },
    allowInsecureRequests: true,
  });

/** Sends the user through the server and returns the callback URL and the transaction. */
async function authorize(oauth: OAuth2Client, options: { deny?: boolean } = {}) {
  const { url, transaction } = oauth.authorize({ scope: 'openid read_write' });
  return { callback: await userAgent(url, options), transaction };
}

describe('discover', () => {
  it('reads the metadata, with RFC 9207 iss support', () => {
    expect(server.issuer).toBe(peer.issuer);
    expect(server.tokenEndpoint).toBe(`${peer.issuer}/token`);
    expect(server.revocationEndpoint).toBe(`${peer.issuer}/token/revocation`);
    expect(server.issParameterSupported).toBe(true);
  });

  it('refuses metadata that names another issuer', async () => {
    const other = peer.issuer.replace('127.0.0.1', 'localhost');
    const error = await discover(other, {
      wellKnown: 'openid-configuration',
      allowInsecureRequests: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({ code: 'ERR_ISSUER_MISMATCH' });
  });

  it('refuses plain http unless allowed', async () => {
    await expect(
      discover(peer.issuer, { wellKnown: 'openid-configuration' }),
    ).rejects.toMatchObject({
      code: 'ERR_INSECURE_URL',
    });
  });
});

describe('authorization code with PKCE', () => {
  for (const method of Object.keys(clients)) {
    it(`links, refreshes and revokes with ${method}`, async () => {
      const oauth = oauthClient(method);
      const { callback, transaction } = await authorize(oauth);
      expect(new URL(callback).searchParams.get('iss')).toBe(peer.issuer);
      const tokens = await oauth.completeAuthorization(callback, transaction);
      expect(tokens.tokenType).toBe('bearer');
      expect(tokens.expiresIn).toBe(3600);
      expect(tokens.scope).toContain('read_write');
      expect(tokens.refreshToken).toBeTypeOf('string');
      expect(tokens.fields.access_token).toBe(tokens.accessToken);

      const refreshed = await oauth.refresh(tokens.refreshToken as string);
      expect(refreshed.accessToken).not.toBe(tokens.accessToken);
      const current = refreshed.refreshToken ?? (tokens.refreshToken as string);
      if (method === 'none') expect(current).not.toBe(tokens.refreshToken);

      await oauth.revoke(current, 'refresh_token');
      const error = await oauth.refresh(current).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OAuthResponseError);
      expect(error).toMatchObject({ error: 'invalid_grant', status: 400 });
    });
  }

  it('kills the old refresh token once a rotated one is issued', async () => {
    const oauth = oauthClient('none');
    const { callback, transaction } = await authorize(oauth);
    const tokens = await oauth.completeAuthorization(callback, transaction);
    const refreshed = await oauth.refresh(tokens.refreshToken as string);
    expect(refreshed.refreshToken).toBeTypeOf('string');
    await expect(oauth.refresh(tokens.refreshToken as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses a reused code, and the server revokes what the code gave', async () => {
    const oauth = oauthClient();
    const { callback, transaction } = await authorize(oauth);
    const { code } = oauth.validateCallback(callback, transaction);
    const tokens = await oauth.exchangeCode(code, transaction);
    await expect(oauth.exchangeCode(code, transaction)).rejects.toMatchObject({
      code: 'ERR_OAUTH_RESPONSE',
      error: 'invalid_grant',
    });
    const introspection = await fetch(`${peer.issuer}/token/introspection`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(BASIC.id).replace(/%20/g, '+')}:${encodeURIComponent(BASIC.secret).replace(/%20/g, '+')}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token: tokens.accessToken }),
    });
    expect(await introspection.json()).toEqual({ active: false });
  });

  it('is refused a code with the wrong PKCE verifier', async () => {
    const oauth = oauthClient();
    const { callback, transaction } = await authorize(oauth);
    const { code } = oauth.validateCallback(callback, transaction);
    const forged = { ...transaction, codeVerifier: 'x'.repeat(43) };
    await expect(oauth.exchangeCode(code, forged)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('is refused with invalid_client for a wrong secret', async () => {
    const oauth = oauthClient('client_secret_basic', {
      method: 'client_secret_basic',
      clientSecret: 'wrong',
    });
    const { callback, transaction } = await authorize(oauth);
    await expect(oauth.completeAuthorization(callback, transaction)).rejects.toMatchObject({
      error: 'invalid_client',
      status: 401,
    });
  });

  it('needs the id and secret form-encoded in Basic: the raw form is refused', async () => {
    const oauth = oauthClient('client_secret_basic', {
      method: 'client_secret_basic',
      clientSecret: BASIC.secret,
      encoding: 'raw',
    });
    const { callback, transaction } = await authorize(oauth);
    await expect(oauth.completeAuthorization(callback, transaction)).rejects.toMatchObject({
      error: 'invalid_request',
    });
  });
});

describe('callback validation against real callbacks', () => {
  it('turns a refusal at the consent page into access_denied', async () => {
    const oauth = oauthClient();
    const { callback, transaction } = await authorize(oauth, { deny: true });
    const error = (() => {
      try {
        oauth.validateCallback(callback, transaction);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AuthorizationResponseError);
    expect(error).toMatchObject({
      code: 'ERR_AUTHORIZATION_RESPONSE',
      error: 'access_denied',
      errorDescription: 'End-User aborted interaction',
    });
  });

  it('refuses a callback whose iss is another issuer', async () => {
    const oauth = oauthClient();
    const { callback, transaction } = await authorize(oauth);
    const forged = new URL(callback);
    forged.searchParams.set('iss', 'https://attacker.example');
    expect(() => oauth.validateCallback(forged, transaction)).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUER_MISMATCH', parameter: 'iss' }),
    );
  });

  it('refuses a callback without iss from a server that advertises it', async () => {
    const oauth = oauthClient();
    const { callback, transaction } = await authorize(oauth);
    const stripped = new URL(callback);
    stripped.searchParams.delete('iss');
    expect(() => oauth.validateCallback(stripped, transaction)).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUER_MISSING' }),
    );
  });

  it('refuses a callback answering another transaction (state mismatch)', async () => {
    const oauth = oauthClient();
    const first = await authorize(oauth);
    const second = await authorize(oauth);
    expect(() => oauth.validateCallback(first.callback, second.transaction)).toThrow(CallbackError);
    expect(() => oauth.validateCallback(first.callback, second.transaction)).toThrow(
      expect.objectContaining({ code: 'ERR_STATE_MISMATCH' }),
    );
  });

  it('uses each stored transaction once', async () => {
    const store = new MemoryTransactionStore();
    const oauth = oauthClient();
    const { url, transaction } = oauth.authorize({ scope: 'read_write' });
    store.put(transaction);
    const callback = await userAgent(url);
    const state = new URL(callback).searchParams.get('state') as string;
    const taken = store.take(state);
    expect(taken).toEqual(transaction);
    expect(
      (await oauth.completeAuthorization(callback, taken as typeof transaction)).accessToken,
    ).toBeTypeOf('string');
    expect(store.take(state)).toBeUndefined();
  });
});

// The X OAuth 2.0 preset against a local server speaking X's OAuth 2.0 wire format.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuthorization, OAuth2Client, X_OAUTH2, xOAuth2Client } from '../src/index.ts';
import type { LocalServer } from './peers/local-server.ts';
import { startXServer, X_APPS } from './peers/x-server.ts';

const REDIRECT = 'https://events.example.org/x/callback';
const SCOPE = ['tweet.read', 'users.read', 'offline.access'];
let x: LocalServer;

beforeAll(async () => {
  x = await startXServer();
});
afterAll(() => x?.close());

const local = () => ({
  authorizationEndpoint: `${x.origin}/i/oauth2/authorize`,
  tokenEndpoint: `${x.origin}/2/oauth2/token`,
  revocationEndpoint: `${x.origin}/2/oauth2/revoke`,
});
const confidential = () =>
  xOAuth2Client({
    ...X_APPS.confidential,
    redirectUri: REDIRECT,
    server: local(),
    allowInsecureRequests: true,
  });
const publicClient = () =>
  xOAuth2Client({
    ...X_APPS.public,
    redirectUri: REDIRECT,
    server: local(),
    allowInsecureRequests: true,
  });

async function link(client: OAuth2Client, scope = SCOPE) {
  const { url, transaction } = client.authorize({ scope });
  const response = await fetch(url, { redirect: 'manual' });
  return client.completeAuthorization(response.headers.get('location') ?? '', transaction);
}

describe('X_OAUTH2', () => {
  it('names X’s endpoints', () => {
    expect(X_OAUTH2).toEqual({
      authorizationEndpoint: 'https://x.com/i/oauth2/authorize',
      tokenEndpoint: 'https://api.x.com/2/oauth2/token',
      revocationEndpoint: 'https://api.x.com/2/oauth2/revoke',
    });
  });
});

describe('xOAuth2Client', () => {
  it('sends PKCE S256 and space-separated scopes', () => {
    const { url } = confidential().authorize({ scope: SCOPE });
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe('tweet.read users.read offline.access');
  });

  it('links a confidential client with Basic at the token endpoint', async () => {
    const tokens = await link(confidential());
    expect(tokens.tokenType).toBe('bearer');
    expect(tokens.expiresIn).toBe(7200);
    expect(tokens.refreshToken).toBeTypeOf('string');
    const sent = x.requests.at(-1);
    expect(sent?.headers.authorization).toBe(
      basicAuthorization(X_APPS.confidential.clientId, X_APPS.confidential.clientSecret),
    );
    expect(sent?.form.has('client_id')).toBe(false);
  });

  it('refreshes a confidential client with Basic too, rotating the refresh token', async () => {
    const client = confidential();
    const tokens = await link(client);
    const refreshed = await client.refresh(tokens.refreshToken as string);
    expect(x.requests.at(-1)?.headers.authorization).toMatch(/^Basic /);
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    await expect(client.refresh(tokens.refreshToken as string)).rejects.toMatchObject({
      status: 400,
      error: 'invalid_request',
      errorDescription: 'Value passed for the token was invalid.',
    });
  });

  it('links a public client with client_id in the body', async () => {
    const tokens = await link(publicClient());
    expect(tokens.accessToken).toBeTypeOf('string');
    expect(x.requests.at(-1)?.form.get('client_id')).toBe(X_APPS.public.clientId);
  });

  it('gives no refresh token without offline.access', async () => {
    const tokens = await link(confidential(), ['tweet.read']);
    expect(tokens.refreshToken).toBeUndefined();
  });

  it('reports X’s 401 when a confidential client omits Basic on refresh', async () => {
    const tokens = await link(confidential());
    const withoutBasic = new OAuth2Client({
      server: local(),
      client: {
        clientId: X_APPS.confidential.clientId,
        redirectUri: REDIRECT,
        authentication: { method: 'none' },
      },
      allowInsecureRequests: true,
    });
    await expect(withoutBasic.refresh(tokens.refreshToken as string)).rejects.toMatchObject({
      status: 401,
      error: 'unauthorized_client',
      errorDescription: 'Missing valid authorization header',
    });
  });

  it('reports X’s invalid_request for a code used twice', async () => {
    const client = confidential();
    const { url, transaction } = client.authorize({ scope: SCOPE });
    const callback = (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '';
    const { code } = client.validateCallback(callback, transaction);
    await client.exchangeCode(code, transaction);
    await expect(client.exchangeCode(code, transaction)).rejects.toMatchObject({
      error: 'invalid_request',
      errorDescription: 'Value passed for the authorization code was invalid.',
    });
  });

  it('revokes a refresh token with Basic', async () => {
    const client = confidential();
    const tokens = await link(client);
    await client.revoke(tokens.refreshToken as string, 'refresh_token');
    expect(x.requests.at(-1)?.form.get('token_type_hint')).toBe('refresh_token');
    await expect(client.refresh(tokens.refreshToken as string)).rejects.toMatchObject({
      error: 'invalid_request',
    });
  });
});

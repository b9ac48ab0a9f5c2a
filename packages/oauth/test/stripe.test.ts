// The Stripe Connect preset against a local server speaking Stripe's Connect OAuth wire format.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthorizationResponseError,
  OAuthResponseError,
  STRIPE_CONNECT,
  StripeConnect,
} from '../src/index.ts';
import type { LocalServer } from './peers/local-server.ts';
import { STRIPE_PLATFORM, startStripeServer } from './peers/stripe-server.ts';

const REDIRECT = 'https://events.example.org/stripe/callback';
let stripe: LocalServer;

beforeAll(async () => {
  stripe = await startStripeServer();
});
afterAll(() => stripe?.close());

const connect = (secretKey = STRIPE_PLATFORM.secretKey) =>
  new StripeConnect({
    clientId: STRIPE_PLATFORM.clientId,
    secretKey,
    redirectUri: REDIRECT,
    endpoints: {
      authorizationEndpoint: `${stripe.origin}/oauth/authorize`,
      tokenEndpoint: `${stripe.origin}/oauth/token`,
      deauthorizationEndpoint: `${stripe.origin}/oauth/deauthorize`,
    },
    allowInsecureRequests: true,
  });

async function follow(url: URL): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  return response.headers.get('location') ?? '';
}

describe('STRIPE_CONNECT', () => {
  it('names Stripe’s endpoints', () => {
    expect(STRIPE_CONNECT.authorizationEndpoint).toBe('https://connect.stripe.com/oauth/authorize');
    expect(STRIPE_CONNECT.tokenEndpoint).toBe('https://connect.stripe.com/oauth/token');
    expect(STRIPE_CONNECT.deauthorizationEndpoint).toBe(
      'https://connect.stripe.com/oauth/deauthorize',
    );
  });
});

describe('StripeConnect', () => {
  it('builds Stripe’s authorize URL: read_write by default, no PKCE, extras kept', () => {
    const { url, transaction } = new StripeConnect({
      clientId: 'ca_1',
      secretKey: 'sk_1',
      redirectUri: REDIRECT,
    }).authorize({ params: { stripe_landing: 'register' } });
    expect(url.origin + url.pathname).toBe('https://connect.stripe.com/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'ca_1',
      redirect_uri: REDIRECT,
      scope: 'read_write',
      state: transaction.state,
      stripe_landing: 'register',
    });
    expect(transaction.codeVerifier).toBeUndefined();
  });

  it('links an account and keeps stripe_user_id, stripe_publishable_key and livemode', async () => {
    const platform = connect();
    const { url, transaction } = platform.authorize({ scope: 'read_write' });
    const tokens = await platform.completeAuthorization(await follow(url), transaction);
    expect(tokens.stripeUserId).toMatch(/^acct_/);
    expect(tokens.stripePublishableKey).toMatch(/^pk_test_/);
    expect(tokens.livemode).toBe(false);
    expect(tokens.accessToken).toMatch(/^sk_test_/);
    expect(tokens.tokenType).toBe('bearer');
    expect(tokens.scope).toBe('read_write');
    const sent = stripe.requests.at(-1);
    expect(sent?.headers.authorization).toBe(`Bearer ${STRIPE_PLATFORM.secretKey}`);
    expect([...(sent?.form.keys() ?? [])].sort()).toEqual(['code', 'grant_type', 'redirect_uri']);
  });

  it('refreshes, narrowing the scope to read_only', async () => {
    const platform = connect();
    const { url, transaction } = platform.authorize();
    const tokens = await platform.completeAuthorization(await follow(url), transaction);
    const refreshed = await platform.refresh(tokens.refreshToken as string, 'read_only');
    expect(refreshed.scope).toBe('read_only');
    expect(refreshed.stripeUserId).toBe(tokens.stripeUserId);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
  });

  it('deauthorizes an account, after which its refresh token is dead', async () => {
    const platform = connect();
    const { url, transaction } = platform.authorize();
    const tokens = await platform.completeAuthorization(await follow(url), transaction);
    expect(await platform.deauthorize(tokens.stripeUserId)).toEqual({
      stripeUserId: tokens.stripeUserId,
    });
    await expect(platform.refresh(tokens.refreshToken as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('reports Stripe’s error for an account that is not connected', async () => {
    const error = await connect()
      .deauthorize('acct_unknown')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthResponseError);
    expect(error).toMatchObject({
      error: 'invalid_client',
      errorDescription:
        'This application is not connected to stripe account acct_unknown, or that account does not exist.',
    });
  });

  it('reports invalid_grant for a code used twice', async () => {
    const platform = connect();
    const { url, transaction } = platform.authorize();
    const { code } = platform.validateCallback(await follow(url), transaction);
    await platform.exchangeCode(code, transaction);
    const error = await platform.exchangeCode(code, transaction).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_grant',
      errorDescription: `Authorization code does not exist: ${code}`,
    });
  });

  it('reports invalid_client for a wrong secret key', async () => {
    const platform = connect('sk_test_wrong');
    const { url, transaction } = platform.authorize();
    await expect(
      platform.completeAuthorization(await follow(url), transaction),
    ).rejects.toMatchObject({ status: 401, error: 'invalid_client' });
  });

  it('turns the user’s denial into access_denied', async () => {
    const platform = connect();
    const { url, transaction } = platform.authorize({ params: { deny: '1' } });
    const callback = await follow(url);
    expect(() => platform.validateCallback(callback, transaction)).toThrow(
      AuthorizationResponseError,
    );
  });

  it('refuses a callback carrying an iss, since Stripe sends none', async () => {
    const platform = connect();
    const { url, transaction } = platform.authorize();
    const callback = new URL(await follow(url));
    callback.searchParams.set('iss', 'https://connect.stripe.com');
    expect(() => platform.validateCallback(callback, transaction)).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUER_MISMATCH' }),
    );
  });
});

// A local stand-in for Stripe Connect's OAuth endpoints, speaking their documented wire format:
// /oauth/authorize, /oauth/token (authorization_code, refresh_token) and /oauth/deauthorize,
// the platform authenticated by its secret key, JSON answers and {error, error_description} errors.
import { randomBytes } from 'node:crypto';
import { type LocalRequest, type LocalServer, redirect, startLocalServer } from './local-server.ts';

/** The platform's credentials the stand-in accepts. */
export const STRIPE_PLATFORM = {
  clientId: 'ca_32D88BD1qLklliziD7gYQvctJIhWBSQ7',
  secretKey: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
};

const token = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** Starts the stand-in. `?deny=1` on the authorize URL plays a user who clicks "deny". */
export function startStripeServer(): Promise<LocalServer> {
  const codes = new Map<string, { scope: string; account: string }>();
  const refreshTokens = new Map<string, { scope: string; account: string }>();
  const connected = new Set<string>();

  const authenticated = (request: LocalRequest) =>
    request.headers.authorization === `Bearer ${STRIPE_PLATFORM.secretKey}` ||
    request.form.get('client_secret') === STRIPE_PLATFORM.secretKey;
  const unauthenticated = {
    status: 401,
    body: {
      error: 'invalid_client',
      error_description:
        'No authentication was provided. Send your secret API key using the Authorization header, or as a client_secret POST parameter.',
    },
  };
  const tokens = (grant: { scope: string; account: string }, refreshToken: string) => ({
    status: 200,
    body: {
      access_token: token('sk_test'),
      livemode: false,
      refresh_token: refreshToken,
      token_type: 'bearer',
      stripe_publishable_key: `pk_test_${grant.account.slice(5)}`,
      stripe_user_id: grant.account,
      scope: grant.scope,
    },
  });

  return startLocalServer((request) => {
    const { pathname, searchParams } = request.url;
    if (pathname === '/oauth/authorize' && request.method === 'GET') {
      const target = searchParams.get('redirect_uri') ?? '';
      const state = searchParams.get('state') ?? '';
      if (searchParams.get('client_id') !== STRIPE_PLATFORM.clientId)
        return { status: 400, body: 'Invalid client_id' };
      if (searchParams.get('deny') === '1')
        return redirect(target, {
          error: 'access_denied',
          error_description: 'The user denied your request',
          state,
        });
      const scope = searchParams.get('scope') ?? 'read_only';
      const code = token('ac');
      codes.set(code, { scope, account: token('acct') });
      return redirect(target, { code, scope, state });
    }
    if (pathname === '/oauth/token' && request.method === 'POST') {
      if (!authenticated(request)) return unauthenticated;
      const grantType = request.form.get('grant_type');
      if (grantType === 'authorization_code') {
        const code = request.form.get('code') ?? '';
        const grant = codes.get(code);
        if (grant === undefined)
          return {
            status: 400,
            body: {
              error: 'invalid_grant',
              error_description: `Authorization code does not exist: ${code}`,
            },
          };
        codes.delete(code);
        connected.add(grant.account);
        const refreshToken = token('rt');
        refreshTokens.set(refreshToken, grant);
        return tokens(grant, refreshToken);
      }
      if (grantType === 'refresh_token') {
        const refreshToken = request.form.get('refresh_token') ?? '';
        const grant = refreshTokens.get(refreshToken);
        if (grant === undefined || !connected.has(grant.account))
          return {
            status: 400,
            body: {
              error: 'invalid_grant',
              error_description: `Refresh token does not exist: ${refreshToken}`,
            },
          };
        return tokens({ ...grant, scope: request.form.get('scope') ?? grant.scope }, refreshToken);
      }
      return {
        status: 400,
        body: {
          error: 'unsupported_grant_type',
          error_description: `Unsupported grant type: ${grantType}`,
        },
      };
    }
    if (pathname === '/oauth/deauthorize' && request.method === 'POST') {
      if (!authenticated(request)) return unauthenticated;
      const account = request.form.get('stripe_user_id') ?? '';
      if (request.form.get('client_id') !== STRIPE_PLATFORM.clientId || !connected.delete(account))
        return {
          status: 400,
          body: {
            error: 'invalid_client',
            error_description: `This application is not connected to stripe account ${account}, or that account does not exist.`,
          },
        };
      return { status: 200, body: { stripe_user_id: account } };
    }
    return { status: 404, body: { error: 'not_found' } };
  });
}

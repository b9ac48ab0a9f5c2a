// A local stand-in for X's OAuth 2.0 endpoints, speaking their documented wire format: PKCE
// required, HTTP Basic required of confidential clients at the token and revoke endpoints
// (refresh included), refresh tokens only with offline.access, and X's error bodies.
import { createHash, randomBytes } from 'node:crypto';
import { type LocalRequest, type LocalServer, redirect, startLocalServer } from './local-server.ts';

/** The apps the stand-in knows: a confidential one (with a secret) and a public one. */
export const X_APPS = {
  confidential: {
    clientId: 'M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ',
    clientSecret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ_-',
  },
  public: { clientId: 'cHVibGljLWFwcC1jbGllbnQ6MTpjaQ' },
};
const secrets = new Map<string, string | undefined>([
  [X_APPS.confidential.clientId, X_APPS.confidential.clientSecret],
  [X_APPS.public.clientId, undefined],
]);

const token = () => randomBytes(24).toString('base64url');
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
}

/** Starts the stand-in. `?deny=1` on the authorize URL plays a user who cancels. */
export function startXServer(): Promise<LocalServer> {
  const codes = new Map<string, Grant>();
  const refreshTokens = new Map<string, Grant>();

  /** The client of a token or revoke request, or the 401 X sends. */
  const client = (request: LocalRequest): string | { status: number; body: object } => {
    const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (basic !== undefined) {
      const [id, secret] = Buffer.from(basic, 'base64').toString().split(':');
      if (id !== undefined && secrets.has(id) && secrets.get(id) === secret) return id;
    } else {
      const id = request.form.get('client_id') ?? '';
      if (secrets.has(id) && secrets.get(id) === undefined) return id;
    }
    return {
      status: 401,
      body: {
        error: 'unauthorized_client',
        error_description: 'Missing valid authorization header',
      },
    };
  };
  const tokens = (grant: Grant) => {
    const refreshToken = grant.scope.split(' ').includes('offline.access') ? token() : undefined;
    if (refreshToken !== undefined) refreshTokens.set(refreshToken, grant);
    return {
      status: 200,
      body: {
        token_type: 'bearer',
        expires_in: 7200,
        access_token: token(),
        scope: grant.scope,
        ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      },
    };
  };

  return startLocalServer((request) => {
    const { pathname, searchParams: q } = request.url;
    if (pathname === '/i/oauth2/authorize' && request.method === 'GET') {
      const challenge = q.get('code_challenge');
      if (q.get('response_type') !== 'code' || !secrets.has(q.get('client_id') ?? '') || !challenge)
        return { status: 400, body: 'Something went wrong' };
      const target = q.get('redirect_uri') ?? '';
      const state = q.get('state') ?? '';
      if (q.get('deny') === '1') return redirect(target, { error: 'access_denied', state });
      const code = token();
      codes.set(code, {
        clientId: q.get('client_id') ?? '',
        redirectUri: target,
        challenge: q.get('code_challenge_method') === 'S256' ? challenge : '',
        scope: q.get('scope') ?? '',
      });
      return redirect(target, { state, code });
    }
    if (pathname === '/2/oauth2/token' && request.method === 'POST') {
      const clientId = client(request);
      if (typeof clientId !== 'string') return clientId;
      const form = request.form;
      if (form.get('grant_type') === 'authorization_code') {
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (
          grant === undefined ||
          grant.clientId !== clientId ||
          grant.redirectUri !== form.get('redirect_uri') ||
          grant.challenge !== s256(form.get('code_verifier') ?? '')
        )
          return {
            status: 400,
            body: {
              error: 'invalid_request',
              error_description: 'Value passed for the authorization code was invalid.',
            },
          };
        return tokens(grant);
      }
      if (form.get('grant_type') === 'refresh_token') {
        const grant = refreshTokens.get(form.get('refresh_token') ?? '');
        refreshTokens.delete(form.get('refresh_token') ?? '');
        if (grant === undefined || grant.clientId !== clientId)
          return {
            status: 400,
            body: {
              error: 'invalid_request',
              error_description: 'Value passed for the token was invalid.',
            },
          };
        return tokens(grant);
      }
      return {
        status: 400,
        body: {
          error: 'invalid_request',
          error_description: 'Missing required parameter [grant_type].',
        },
      };
    }
    if (pathname === '/2/oauth2/revoke' && request.method === 'POST') {
      const clientId = client(request);
      if (typeof clientId !== 'string') return clientId;
      refreshTokens.delete(request.form.get('token') ?? '');
      return { status: 200, body: { revoked: true } };
    }
    return {
      status: 404,
      body: { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] },
    };
  });
}

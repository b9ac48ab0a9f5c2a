// The OAuth 1.0a client against python3-oauthlib as a real provider on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthorizationResponseError,
  CallbackError,
  OAuth1Client,
  OAuthResponseError,
  type SignatureMethod,
  signOAuth1,
  xOAuth1Client,
} from '../src/index.ts';
import { type OAuth1Peer, startOAuth1Peer } from './peers/python-peer.ts';
import { vectorText } from './vectors.ts';

const HMAC_CLIENT = { key: 'conveneHmacClientKey0001', secret: 'p@ss w0rd&+/%~!*' };
const RSA_CLIENT = { key: 'conveneRsaClientKey00001', privateKey: vectorText('rsa-sha1-key.pem') };
const CALLBACK = 'http://127.0.0.1:9/callback?from=convene&x=a b';

let peer: OAuth1Peer;

beforeAll(async () => {
  peer = await startOAuth1Peer({
    [HMAC_CLIENT.key]: { secret: HMAC_CLIENT.secret },
    [RSA_CLIENT.key]: { rsa_public_key: vectorText('rsa-sha1-public.pem') },
  });
});
afterAll(() => peer?.stop());

const endpoints = () => ({
  requestToken: `${peer.origin}/oauth/request_token`,
  authorize: `${peer.origin}/oauth/authorize`,
  accessToken: `${peer.origin}/oauth/access_token`,
});

const client = (signatureMethod: SignatureMethod = 'HMAC-SHA1') =>
  new OAuth1Client({
    consumer: signatureMethod === 'RSA-SHA1' ? RSA_CLIENT : HMAC_CLIENT,
    endpoints: endpoints(),
    signatureMethod,
    allowInsecureRequests: true,
  });

/** Follows the authorization URL as the user's browser would, returning the callback URL. */
async function approve(url: URL): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return response.headers.get('location') ?? '';
}

/** Runs the three legs and returns the token credentials. */
async function link(oauth: OAuth1Client) {
  const temporary = await oauth.requestToken(CALLBACK);
  const callback = await approve(oauth.authorizationUrl(temporary));
  const { verifier } = oauth.validateCallback(callback, temporary);
  return oauth.accessToken(temporary, verifier);
}

describe('three-legged flow against oauthlib', () => {
  for (const method of ['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT', 'RSA-SHA1'] as const) {
    it(`links an account and signs a request with ${method}`, async () => {
      const oauth = client(method);
      const token = await link(oauth);
      expect(token.key).toMatch(/^\w{20,}$/);
      expect(token.fields.user_id).toBe('6253282');
      expect(token.fields.screen_name).toBe('twitterapi');
      const response = await oauth.fetch(`${peer.origin}/resource?q=1`, { token });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { signature_method: string; token: string };
      expect(body.signature_method).toBe(method);
      expect(body.token).toBe(token.key);
    });
  }

  it('keeps the callback URL with its own query when redirecting back', async () => {
    const oauth = client();
    const temporary = await oauth.requestToken(CALLBACK);
    const callback = new URL(await approve(oauth.authorizationUrl(temporary)));
    expect(callback.searchParams.get('from')).toBe('convene');
    expect(callback.searchParams.get('oauth_token')).toBe(temporary.key);
  });

  it('refuses a callback whose oauth_token was not issued for this transaction', async () => {
    const oauth = client();
    const first = await oauth.requestToken(CALLBACK);
    const second = await oauth.requestToken(CALLBACK);
    const callback = await approve(oauth.authorizationUrl(second));
    expect(() => oauth.validateCallback(callback, first)).toThrow(CallbackError);
    expect(() => oauth.validateCallback(callback, first)).toThrow(/not the one issued/);
  });

  it('turns a denial into an access_denied AuthorizationResponseError', async () => {
    const oauth = client();
    const temporary = await oauth.requestToken(CALLBACK);
    const callback = await approve(oauth.authorizationUrl(temporary, { deny: '1' }));
    const error = (() => {
      try {
        oauth.validateCallback(callback, temporary);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AuthorizationResponseError);
    expect((error as AuthorizationResponseError).error).toBe('access_denied');
  });

  it('is refused a second access token for the same request token', async () => {
    const oauth = client();
    const temporary = await oauth.requestToken(CALLBACK);
    const { verifier } = oauth.validateCallback(
      await approve(oauth.authorizationUrl(temporary)),
      temporary,
    );
    await oauth.accessToken(temporary, verifier);
    // oauthlib answers 401 with an empty body: no OAuth error to report, only the status.
    await expect(oauth.accessToken(temporary, verifier)).rejects.toMatchObject({
      name: 'ResponseError',
      code: 'ERR_INVALID_RESPONSE',
      status: 401,
    });
  });

  it('is refused an access token with a wrong verifier', async () => {
    const oauth = client();
    const temporary = await oauth.requestToken(CALLBACK);
    await approve(oauth.authorizationUrl(temporary));
    await expect(
      oauth.accessToken(temporary, 'wrongverifierwrongverifier00'),
    ).rejects.toMatchObject({
      code: 'ERR_INVALID_RESPONSE',
      status: 401,
    });
  });

  it('reports the form-encoded error of a refused request token', async () => {
    // oauthlib allows 20–30 character nonces; 32 is refused with a 400 form body.
    const oauth = new OAuth1Client({
      consumer: HMAC_CLIENT,
      endpoints: endpoints(),
      allowInsecureRequests: true,
      nonceLength: 32,
    });
    const error = await oauth.requestToken(CALLBACK).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthResponseError);
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_request',
      errorDescription: 'Invalid nonce format.',
    });
  });

  it('is refused temporary credentials for an unknown client', async () => {
    const oauth = new OAuth1Client({
      consumer: { key: 'unknownClientKey00000001', secret: 'x' },
      endpoints: endpoints(),
      allowInsecureRequests: true,
    });
    await expect(oauth.requestToken(CALLBACK)).rejects.toMatchObject({ status: 401 });
  });
});

describe('signed requests against oauthlib', () => {
  let token: Awaited<ReturnType<typeof link>>;
  beforeAll(async () => {
    token = await link(client());
  });

  it('signs awkward characters in the query and the form body', async () => {
    const awkward = "a b+c&d=e!*'()~%25😀é[],;$/?:@#";
    const url = new URL(`${peer.origin}/resource`);
    url.searchParams.append('q', awkward);
    url.searchParams.append('star', 'a~b*c!');
    const body = new URLSearchParams([
      ['status', awkward],
      ['status', 'second value'],
      ['empty', ''],
    ]);
    const response = await client().fetch(url, { method: 'POST', token, body });
    expect(response.status).toBe(200);
    const { params } = (await response.json()) as { params: [string, string][] };
    expect(params).toEqual(
      expect.arrayContaining([
        ['q', awkward],
        ['star', 'a~b*c!'],
        ['status', awkward],
        ['status', 'second value'],
        ['empty', ''],
      ]),
    );
  });

  it('signs a query with + as space, as the server reads it', async () => {
    const response = await client().fetch(`${peer.origin}/resource?q=a+b&r=%2B`, { token });
    expect(response.status).toBe(200);
    const { params } = (await response.json()) as { params: [string, string][] };
    expect(params).toEqual(
      expect.arrayContaining([
        ['q', 'a b'],
        ['r', '+'],
      ]),
    );
  });

  it('is refused a replay of the same signed request', async () => {
    const url = `${peer.origin}/resource?replay=1`;
    const signed = await signOAuth1({
      method: 'GET',
      url,
      consumer: HMAC_CLIENT,
      token,
      signatureMethod: 'HMAC-SHA1',
    });
    const send = () => fetch(url, { headers: { authorization: signed.authorization } });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(401);
  });

  it('is refused a request whose query was changed after signing', async () => {
    const signed = await signOAuth1({
      method: 'GET',
      url: `${peer.origin}/resource?amount=1`,
      consumer: HMAC_CLIENT,
      token,
      signatureMethod: 'HMAC-SHA1',
    });
    const response = await fetch(`${peer.origin}/resource?amount=100`, {
      headers: { authorization: signed.authorization },
    });
    expect(response.status).toBe(401);
  });

  it('is refused a request whose form body was changed after signing', async () => {
    const url = `${peer.origin}/resource`;
    const signed = await signOAuth1({
      method: 'POST',
      url,
      body: 'amount=1',
      consumer: HMAC_CLIENT,
      token,
      signatureMethod: 'HMAC-SHA1',
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: signed.authorization,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'amount=100',
    });
    expect(response.status).toBe(401);
  });

  it('is refused a request signed with the wrong token secret', async () => {
    const response = await client().fetch(`${peer.origin}/resource`, {
      token: { key: token.key, secret: `${token.secret}x` },
    });
    expect(response.status).toBe(401);
  });

  it('is refused a request signed an hour ago', async () => {
    const oauth = new OAuth1Client({
      consumer: HMAC_CLIENT,
      endpoints: endpoints(),
      allowInsecureRequests: true,
      clock: () => Date.now() - 3_600_000,
    });
    expect((await oauth.fetch(`${peer.origin}/resource`, { token })).status).toBe(401);
  });
});

describe('X preset against oauthlib speaking X’s dialect', () => {
  it('signs in with authenticate and keeps user_id and screen_name', async () => {
    const x = xOAuth1Client({
      consumer: HMAC_CLIENT,
      endpoints: {
        requestToken: `${peer.origin}/oauth/request_token`,
        authenticate: `${peer.origin}/oauth/authenticate`,
        accessToken: `${peer.origin}/oauth/access_token`,
      },
      allowInsecureRequests: true,
    });
    const temporary = await x.requestToken(CALLBACK);
    const url = x.authorizationUrl(temporary);
    expect(url.pathname).toBe('/oauth/authenticate');
    const { verifier } = x.validateCallback(await approve(url), temporary);
    const token = await x.accessToken(temporary, verifier);
    expect(token.fields).toMatchObject({ user_id: '6253282', screen_name: 'twitterapi' });
  });
});

// The tasks of the README comparison give the same outcome with @convene/oauth as with oauth-1.0a
// and oauth4webapi, against real providers on 127.0.0.1: python3-oauthlib and oidc-provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuth1Client } from '../src/index.ts';
import * as request from './compare/oauth1-request.ours.ts';
import * as requestPeer from './compare/oauth1-request.peer.ts';
import * as authorize from './compare/oauth2-authorize.ours.ts';
import * as authorizePeer from './compare/oauth2-authorize.peer.ts';
import * as callback from './compare/oauth2-callback.ours.ts';
import * as callbackPeer from './compare/oauth2-callback.peer.ts';
import { type OidcPeer, startOidcPeer, userAgent } from './peers/oidc-peer.ts';
import { type OAuth1Peer, startOAuth1Peer } from './peers/python-peer.ts';

const CONSUMER = { key: 'conveneCompareClient0001', secret: 'p@ss w0rd&+/%~!*' };
const CLIENT_ID = 'convene-compare';
const REDIRECT = 'http://127.0.0.1:9/callback';

let oauth1: OAuth1Peer;
let oidc: OidcPeer;
beforeAll(async () => {
  [oauth1, oidc] = await Promise.all([
    startOAuth1Peer({ [CONSUMER.key]: { secret: CONSUMER.secret } }),
    startOidcPeer([
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ]),
  ]);
});
afterAll(() => Promise.all([oauth1?.stop(), oidc?.stop()]));

/** Token credentials from the provider's three-legged flow, the user approving. */
async function tokenCredentials() {
  const client = new OAuth1Client({
    consumer: CONSUMER,
    endpoints: {
      requestToken: `${oauth1.origin}/oauth/request_token`,
      authorize: `${oauth1.origin}/oauth/authorize`,
      accessToken: `${oauth1.origin}/oauth/access_token`,
    },
    allowInsecureRequests: true,
  });
  const temporary = await client.requestToken(REDIRECT);
  const approved = await fetch(client.authorizationUrl(temporary), { redirect: 'manual' });
  const { verifier } = client.validateCallback(approved.headers.get('location') ?? '', temporary);
  return client.accessToken(temporary, verifier);
}

describe('compared with oauth-1.0a and oauth4webapi', () => {
  it('oauth1-request: oauthlib accepts both signed requests for the same token', async () => {
    const token = await tokenCredentials();
    const url = `${oauth1.origin}/resource?q=1&x=2`;
    const answers = [];
    for (const send of [request.request, requestPeer.request]) {
      const response = await send(url, CONSUMER, token);
      expect(response.status, send === request.request ? 'ours' : 'peer').toBe(200);
      const body = (await response.json()) as { signature_method: string; token: string };
      answers.push({ method: body.signature_method, token: body.token });
    }
    expect(answers[0]).toEqual({ method: 'HMAC-SHA1', token: token.key });
    expect(answers[1]).toEqual(answers[0]);
  });

  it('oauth2-authorize: both send the user to the same endpoint with S256 PKCE and a state', async () => {
    const urls = [
      (await authorize.authorize(oidc.issuer, CLIENT_ID, REDIRECT)).url,
      (await authorizePeer.authorize(oidc.issuer, CLIENT_ID, REDIRECT)).url,
    ];
    for (const url of urls) {
      expect(`${url.origin}${url.pathname}`).toBe(`${oidc.issuer}/auth`);
      expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(url.searchParams.get('state')).toMatch(/^[\w-]{22,}$/);
    }
  });

  it('oauth2-callback: both complete a real authorization and get an access token', async () => {
    const ours = await authorize.authorize(oidc.issuer, CLIENT_ID, REDIRECT);
    const oursToken = await callback.callback(
      oidc.issuer,
      CLIENT_ID,
      REDIRECT,
      await userAgent(ours.url),
      ours.transaction,
    );
    const peer = await authorizePeer.authorize(oidc.issuer, CLIENT_ID, REDIRECT);
    const peerToken = await callbackPeer.callback(
      oidc.issuer,
      CLIENT_ID,
      REDIRECT,
      await userAgent(peer.url),
      peer.transaction,
    );
    for (const token of [oursToken, peerToken]) expect(token).toMatch(/^[\w-]{20,}$/);
    expect(peerToken).not.toBe(oursToken);
  });

  it('oauth2-callback: both refuse a callback whose state is not the transaction’s', async () => {
    const ours = await authorize.authorize(oidc.issuer, CLIENT_ID, REDIRECT);
    const oursCallback = (await userAgent(ours.url)).replace(/state=[^&]+/, 'state=forged');
    await expect(
      callback.callback(oidc.issuer, CLIENT_ID, REDIRECT, oursCallback, ours.transaction),
    ).rejects.toThrow(/state/);
    const peer = await authorizePeer.authorize(oidc.issuer, CLIENT_ID, REDIRECT);
    const peerCallback = (await userAgent(peer.url)).replace(/state=[^&]+/, 'state=forged');
    await expect(
      callbackPeer.callback(oidc.issuer, CLIENT_ID, REDIRECT, peerCallback, peer.transaction),
    ).rejects.toThrow(/state/);
  });
});

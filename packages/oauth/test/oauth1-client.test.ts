// OAuth1Client against a local server that answers what a provider may answer, well or badly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallbackError, OAuth1Client, OAuthResponseError, ResponseError } from '../src/index.ts';
import { type LocalAnswer, type LocalServer, startLocalServer } from './peers/local-server.ts';

let server: LocalServer;
let answer: LocalAnswer = { status: 200 };

beforeAll(async () => {
  server = await startLocalServer(() => answer);
});
afterAll(() => server?.close());

const client = () =>
  new OAuth1Client({
    consumer: { key: 'consumer', secret: 'secret' },
    endpoints: {
      requestToken: `${server.origin}/oauth/request_token`,
      authorize: `${server.origin}/oauth/authorize`,
      accessToken: `${server.origin}/oauth/access_token`,
    },
    allowInsecureRequests: true,
  });

describe('OAuth1Client.requestToken', () => {
  it('sends oauth_callback in the signed Authorization header', async () => {
    answer = {
      status: 200,
      body: 'oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=true',
    };
    const temporary = await client().requestToken('https://app.example/cb?x=1');
    expect(temporary).toMatchObject({ key: 't', secret: 's' });
    const authorization = server.requests.at(-1)?.headers.authorization ?? '';
    expect(authorization).toContain('oauth_callback="https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1"');
    expect(authorization).toMatch(/oauth_nonce="[A-Za-z0-9]{24}"/);
    expect(authorization).toMatch(/oauth_timestamp="\d{10}"/);
  });

  it('refuses an answer without oauth_callback_confirmed=true', async () => {
    answer = { status: 200, body: 'oauth_token=t&oauth_token_secret=s' };
    const error = await client()
      .requestToken('oob')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallbackError);
    expect(error).toMatchObject({ code: 'ERR_CALLBACK_NOT_CONFIRMED' });
  });

  it('refuses an answer without oauth_token_secret', async () => {
    answer = { status: 200, body: 'oauth_token=t&oauth_callback_confirmed=true' };
    await expect(client().requestToken('oob')).rejects.toBeInstanceOf(ResponseError);
  });

  it('reads X’s JSON error body', async () => {
    answer = {
      status: 401,
      body: { errors: [{ code: 32, message: 'Could not authenticate you.' }] },
    };
    const error = await client()
      .requestToken('oob')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthResponseError);
    expect(error).toMatchObject({
      status: 401,
      error: '32',
      errorDescription: 'Could not authenticate you.',
    });
  });

  it('reads an oauth_problem form body', async () => {
    answer = {
      status: 401,
      body: 'oauth_problem=timestamp_refused&oauth_acceptable_timestamps=1-2',
    };
    await expect(client().requestToken('oob')).rejects.toMatchObject({
      error: 'timestamp_refused',
    });
  });
});

describe('OAuth1Client.accessToken', () => {
  it('signs with the temporary secret and sends oauth_verifier, keeping every field', async () => {
    answer = {
      status: 200,
      body: 'oauth_token=a&oauth_token_secret=b&user_id=6253282&screen_name=twitterapi',
    };
    const token = await client().accessToken({ key: 't', secret: 's' }, 'v3rifier');
    expect(token.fields).toEqual({
      oauth_token: 'a',
      oauth_token_secret: 'b',
      user_id: '6253282',
      screen_name: 'twitterapi',
    });
    const authorization = server.requests.at(-1)?.headers.authorization ?? '';
    expect(authorization).toContain('oauth_token="t"');
    expect(authorization).toContain('oauth_verifier="v3rifier"');
  });
});

describe('OAuth1Client.validateCallback', () => {
  it('refuses a callback that repeats oauth_token', () => {
    expect(() =>
      client().validateCallback('?oauth_token=t&oauth_token=u&oauth_verifier=v', { key: 't' }),
    ).toThrow(expect.objectContaining({ code: 'ERR_DUPLICATE_PARAMETER' }));
  });

  it('refuses a callback without oauth_verifier', () => {
    expect(() => client().validateCallback('?oauth_token=t', { key: 't' })).toThrow(
      expect.objectContaining({ code: 'ERR_MISSING_PARAMETER', parameter: 'oauth_verifier' }),
    );
  });
});

describe('OAuth1Client.fetch', () => {
  it('signs a form string body when the content type says so, and does not follow redirects', async () => {
    answer = { status: 302, headers: { location: 'https://elsewhere.example/' } };
    const response = await client().fetch(`${server.origin}/r`, {
      method: 'post',
      token: { key: 't', secret: 's' },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(response.status).toBe(302);
    const sent = server.requests.at(-1);
    expect(sent?.method).toBe('POST');
    expect(sent?.form.get('a')).toBe('1');
    expect(sent?.headers.authorization).toContain('oauth_token="t"');
  });
});

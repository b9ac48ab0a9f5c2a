// Send an OAuth 1.0a HMAC-SHA1 signed request with token credentials: with oauth-1.0a.
import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';

type Credentials = { key: string; secret: string };

export async function request(url: string, consumer: Credentials, token: Credentials) {
  const oauth = new OAuth({
    consumer,
    signature_method: 'HMAC-SHA1',
    nonce_length: 30, // its default, 32, is longer than oauthlib accepts (20 to 30)
    hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
  });
  const { Authorization } = oauth.toHeader(oauth.authorize({ url, method: 'GET' }, token));
  return fetch(url, { headers: { authorization: Authorization } });
}

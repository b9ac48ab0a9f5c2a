// Send an OAuth 1.0a HMAC-SHA1 signed request with token credentials: with @convene/oauth.
import { signOAuth1 } from '../../src/index.ts';

type Credentials = { key: string; secret: string };

export async function request(url: string, consumer: Credentials, token: Credentials) {
  const { authorization } = await signOAuth1({ method: 'GET', url, consumer, token });
  return fetch(url, { headers: { authorization } });
}

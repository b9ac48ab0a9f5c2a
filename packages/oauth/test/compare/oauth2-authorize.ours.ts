// Start an OAuth 2.0 authorization with PKCE and state, from the server's metadata: with @convene/oauth.
import { discover, OAuth2Client } from '../../src/index.ts';

export async function authorize(issuer: string, clientId: string, redirectUri: string) {
  const server = await discover(issuer, {
    wellKnown: 'openid-configuration',
    allowInsecureRequests: true,
  });
  const client = { clientId, redirectUri, authentication: { method: 'none' as const } };
  return new OAuth2Client({ server, client, allowInsecureRequests: true }).authorize({
    scope: 'openid',
  });
}

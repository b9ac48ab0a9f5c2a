// Check the OAuth 2.0 callback and exchange its code for tokens: with @convene/oauth.
import { type AuthorizationTransaction, discover, OAuth2Client } from '../../src/index.ts';

export async function callback(
  issuer: string,
  clientId: string,
  redirectUri: string,
  callbackUrl: string,
  transaction: AuthorizationTransaction,
) {
  const server = await discover(issuer, {
    wellKnown: 'openid-configuration',
    allowInsecureRequests: true,
  });
  const client = { clientId, redirectUri, authentication: { method: 'none' as const } };
  const oauth = new OAuth2Client({ server, client, allowInsecureRequests: true });
  return (await oauth.completeAuthorization(callbackUrl, transaction)).accessToken;
}

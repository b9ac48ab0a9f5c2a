// Start an OAuth 2.0 authorization with PKCE and state, from the server's metadata: with oauth4webapi.
import * as oauth from 'oauth4webapi';

export async function authorize(issuer: string, clientId: string, redirectUri: string) {
  const options = { algorithm: 'oidc' as const, [oauth.allowInsecureRequests]: true };
  const response = await oauth.discoveryRequest(new URL(issuer), options);
  const server = await oauth.processDiscoveryResponse(new URL(issuer), response);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(server.authorization_endpoint ?? '');
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid');
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  return { url, transaction: { state, codeVerifier } };
}

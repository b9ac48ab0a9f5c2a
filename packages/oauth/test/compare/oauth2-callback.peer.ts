// Check the OAuth 2.0 callback and exchange its code for tokens: with oauth4webapi.
import * as oauth from 'oauth4webapi';

type Transaction = { state: string; codeVerifier: string };

export async function callback(
  issuer: string,
  clientId: string,
  redirectUri: string,
  callbackUrl: string,
  transaction: Transaction,
) {
  const options = { algorithm: 'oidc' as const, [oauth.allowInsecureRequests]: true };
  const response = await oauth.discoveryRequest(new URL(issuer), options);
  const server = await oauth.processDiscoveryResponse(new URL(issuer), response);
  const client = { client_id: clientId };
  const params = oauth.validateAuthResponse(
    server,
    client,
    new URL(callbackUrl),
    transaction.state,
  );
  const tokenResponse = await oauth.authorizationCodeGrantRequest(
    server,
    client,
    oauth.None(),
    params,
    redirectUri,
    transaction.codeVerifier,
    options,
  );
  return (await oauth.processAuthorizationCodeResponse(server, client, tokenResponse)).access_token;
}

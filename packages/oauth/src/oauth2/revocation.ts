// RFC 7009 token revocation.

import { errorFromResponse } from '../response-body.js';
import type { ClientRegistration } from './authorization.js';
import type { AuthorizationServer } from './server.js';
import { type EndpointOptions, postForm } from './token.js';

/**
 * Revokes an access or refresh token (RFC 7009 §2.1). The server answers 200 even for tokens it
 * does not know (§2.2), so success says the token is unusable, not that it existed.
 * @throws {TypeError} when the server has no revocation endpoint.
 * @throws {OAuthResponseError} {@link ResponseError} {@link TransportError}
 */
export async function revokeToken(
  server: AuthorizationServer,
  client: ClientRegistration,
  token: string,
  options: EndpointOptions & { readonly tokenTypeHint?: 'access_token' | 'refresh_token' } = {},
): Promise<void> {
  if (server.revocationEndpoint === undefined)
    throw new TypeError('this authorization server has no revocationEndpoint');
  const body = new URLSearchParams({ token });
  if (options.tokenTypeHint !== undefined) body.set('token_type_hint', options.tokenTypeHint);
  const response = await postForm(server.revocationEndpoint, client, body, options);
  if (response.status !== 200) throw errorFromResponse(response, server.revocationEndpoint);
}

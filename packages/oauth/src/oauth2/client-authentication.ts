// How a client authenticates at the token and revocation endpoints (RFC 6749 §2.3).
import { base64Utf8 } from '../base64.js';

/**
 * A client's authentication method, as data:
 * - `client_secret_basic` — HTTP Basic with id and secret form-encoded first (RFC 6749 §2.3.1);
 *   `encoding: 'raw'` skips the form-encoding for providers that expect it (RFC 2617 style).
 * - `client_secret_post` — `client_id` and `client_secret` in the form body (§2.3.1).
 * - `none` — a public client sends only `client_id` (RFC 7636 makes PKCE its protection).
 * - `secret_key_bearer` — `Authorization: Bearer <secret key>`, as Stripe Connect authenticates
 *   the platform with its secret API key; no `client_id` is sent.
 */
export type ClientAuthentication =
  | {
      readonly method: 'client_secret_basic';
      readonly clientSecret: string;
      readonly encoding?: 'form' | 'raw';
    }
  | { readonly method: 'client_secret_post'; readonly clientSecret: string }
  | { readonly method: 'none' }
  | { readonly method: 'secret_key_bearer'; readonly secretKey: string };

/** `application/x-www-form-urlencoded` of one value (RFC 6749 Appendix B): space as `+`. */
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/**
 * The `Authorization` value of `client_secret_basic` (RFC 6749 §2.3.1): id and secret each
 * form-encoded, joined by `:`, base64 of the UTF-8 bytes.
 */
export function basicAuthorization(
  clientId: string,
  clientSecret: string,
  encoding: 'form' | 'raw' = 'form',
): string {
  const pair =
    encoding === 'form'
      ? `${formEncode(clientId)}:${formEncode(clientSecret)}`
      : `${clientId}:${clientSecret}`;
  return `Basic ${base64Utf8(pair)}`;
}

/** Adds the client's authentication to a token or revocation request's headers and body. */
export function authenticateClient(
  clientId: string,
  authentication: ClientAuthentication,
  headers: Headers,
  body: URLSearchParams,
): void {
  switch (authentication.method) {
    case 'client_secret_basic':
      headers.set(
        'authorization',
        basicAuthorization(clientId, authentication.clientSecret, authentication.encoding),
      );
      return;
    case 'client_secret_post':
      body.set('client_id', clientId);
      body.set('client_secret', authentication.clientSecret);
      return;
    case 'none':
      body.set('client_id', clientId);
      return;
    case 'secret_key_bearer':
      headers.set('authorization', `Bearer ${authentication.secretKey}`);
      return;
    default:
      throw new TypeError(
        `unknown client authentication method ${JSON.stringify((authentication as { method: unknown }).method)}`,
      );
  }
}

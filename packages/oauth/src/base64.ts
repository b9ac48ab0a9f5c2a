// Base64 (RFC 4648 §4) and base64url without padding (§5) of bytes, on the platform's btoa.

/** Standard base64 with padding, as OAuth 1.0a signatures and HTTP Basic use. */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary);
}

/** Base64url without padding (RFC 4648 §5), as PKCE and random tokens use. */
export function base64url(bytes: Uint8Array): string {
  return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Base64 of a string's UTF-8 bytes. */
export function base64Utf8(text: string): string {
  return base64(new TextEncoder().encode(text));
}

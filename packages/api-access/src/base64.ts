// Strict, canonical base64 (RFC 4648 §4, padded). Graphene's fc decoder stops silently at the
// first character outside the alphabet and Node's skips it and goes on, so the two read "AB*CD"
// differently; refusing anything that is not canonical keeps both readings the same.

const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of `text`, or `undefined` when it is not canonical padded base64. */
export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (!CANONICAL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Non-zero bits in the last character's unused part would decode the same as zero bits.
  if (Buffer.from(bytes).toString('base64') !== text) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Padded base64 of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

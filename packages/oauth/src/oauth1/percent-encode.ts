// RFC 5849 §3.6 percent-encoding: UTF-8, every octet outside ALPHA / DIGIT / "-" / "." / "_" / "~".
import { EncodingError } from '../errors.js';

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const SUB_DELIMS_LEFT = /[!'()*]/g;
const HAS_SUB_DELIMS_LEFT = /[!'()*]/;

/**
 * Percent-encodes `value` as RFC 5849 §3.6 requires: UTF-8 octets, uppercase hex, space as
 * `%20` (never `+`), and `!'()*` encoded too.
 * @throws {EncodingError} when `value` holds a lone UTF-16 surrogate (it has no UTF-8 form).
 */
export function percentEncode(value: string): string {
  if (UNRESERVED.test(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch (error) {
    throw new EncodingError(
      `cannot percent-encode a string with a lone UTF-16 surrogate at index ${loneSurrogateIndex(value)}`,
      { cause: error },
    );
  }
  // encodeURIComponent leaves !'()* as they are; RFC 5849 wants them encoded.
  return HAS_SUB_DELIMS_LEFT.test(encoded)
    ? encoded.replace(SUB_DELIMS_LEFT, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    : encoded;
}

function loneSurrogateIndex(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return i;
  }
  return -1;
}

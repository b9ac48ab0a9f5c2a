// RFC 5849 §3.4.1 signature base string: method, base string URI and normalized parameters.
import { percentEncode } from './percent-encode.js';

/** Request parameters as name/value pairs (duplicates kept), a record, or form data. */
export type ParameterInput =
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, string>>
  | URLSearchParams;

/** What a signature base string is built from. */
export interface BaseStringRequest {
  /** The HTTP method; upper-cased (§3.4.1.1). */
  readonly method: string;
  /** The request URL; its query parameters are signed, its fragment is not. */
  readonly url: string | URL;
  /**
   * Parameters signed besides the query: the `oauth_*` protocol parameters (without
   * `oauth_signature` and `realm`) and the form body's parameters, already decoded.
   */
  readonly params?: ParameterInput;
}

/**
 * The base string URI (RFC 5849 §3.4.1.2): scheme and host lower-cased, default port dropped,
 * empty path as `/`, query and fragment dropped. The path is the one `fetch` sends for the URL.
 * @throws {TypeError} when `url` is not an absolute URL.
 */
export function baseStringUri(url: string | URL): string {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  return `${parsed.protocol}//${parsed.host}${parsed.pathname || '/'}`;
}

/** The pairs of a {@link ParameterInput}, in their given order. */
export function parameterPairs(input: ParameterInput): (readonly [string, string])[] {
  if (Array.isArray(input)) return input as (readonly [string, string])[];
  if (input instanceof URLSearchParams) return [...input];
  if (Symbol.iterator in input)
    return Array.from(input as Iterable<readonly [string, string]>, ([k, v]) => [k, v]);
  return Object.entries(input as Record<string, string>);
}

/**
 * The normalized parameter string (RFC 5849 §3.4.1.3.2): every name and value percent-encoded,
 * sorted by name then by value in byte order, duplicates kept, joined with `=` and `&`.
 * @throws {EncodingError} when a name or value holds a lone surrogate.
 */
export function normalizeParameters(pairs: Iterable<readonly [string, string]>): string {
  const encoded: [string, string][] = [];
  for (const [name, value] of pairs) encoded.push([percentEncode(name), percentEncode(value)]);
  encoded.sort(([an, av], [bn, bv]) =>
    an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0,
  );
  let out = '';
  for (const [name, value] of encoded) out += out === '' ? `${name}=${value}` : `&${name}=${value}`;
  return out;
}

/**
 * The signature base string (RFC 5849 §3.4.1): `METHOD&uri&params`, each part percent-encoded.
 * Query parameters are decoded as form data (`+` is a space, §3.4.1.3.1) and signed with `params`.
 * @throws {EncodingError} when a parameter holds a lone surrogate.
 * @throws {TypeError} when `url` is not an absolute URL.
 */
export function signatureBaseString(request: BaseStringRequest): string {
  const url = typeof request.url === 'string' ? new URL(request.url) : request.url;
  const pairs: (readonly [string, string])[] = [...url.searchParams];
  if (request.params !== undefined) pairs.push(...parameterPairs(request.params));
  return `${percentEncode(request.method.toUpperCase())}&${percentEncode(baseStringUri(url))}&${encodeNormalized(normalizeParameters(pairs))}`;
}

/**
 * {@link percentEncode} of a normalized parameter string, which holds only unreserved characters,
 * `%XX` escapes, `=` and `&`: those three are the only characters left to encode.
 */
function encodeNormalized(normalized: string): string {
  return normalized.replaceAll('%', '%25').replaceAll('&', '%26').replaceAll('=', '%3D');
}

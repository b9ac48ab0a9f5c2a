// Sending a request to an OAuth server: https only, a timeout, no redirects, a bounded body.
import { InsecureUrlError, LimitExceededError, TransportError } from './errors.js';
import { checkLimit, type Limits } from './limits.js';

/** How requests are sent; shared by every client in this package. */
export interface HttpOptions {
  /** The `fetch` to use (a proxy, a test double of the network layer). Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /**
   * Allow plain `http:` to loopback hosts (`localhost`, `127.0.0.0/8`, `[::1]`) for local
   * testing. Other hosts always need https (RFC 9700 §2.6). Default false.
   */
  readonly allowInsecureRequests?: boolean;
  /** Aborts requests in flight. */
  readonly signal?: AbortSignal;
}

/** A response read in full, within the limits. */
export interface ReadResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Refuses a URL that is not https, unless insecure requests are allowed and the host is loopback.
 * @throws {InsecureUrlError}
 * @throws {TypeError} when `url` is not an absolute URL.
 */
export function assertSecureUrl(url: string | URL, allowInsecureRequests = false): URL {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return parsed;
  const shown = `${parsed.origin}${parsed.pathname}`;
  if (parsed.protocol === 'http:' && allowInsecureRequests && LOOPBACK.test(parsed.hostname))
    return parsed;
  throw new InsecureUrlError(
    shown,
    parsed.protocol === 'http:'
      ? `refusing plain http to ${shown}: use https (allowInsecureRequests permits http to loopback hosts only)`
      : `refusing ${parsed.protocol} URL ${shown}: only https is allowed`,
  );
}

/**
 * Sends `init` to `url` with redirects refused and a timeout, and reads the body up to
 * `limits.maxResponseBytes`.
 * @throws {InsecureUrlError} {@link TransportError} {@link LimitExceededError}
 */
export async function send(
  url: string | URL,
  init: RequestInit,
  options: HttpOptions,
  limits: Limits,
): Promise<ReadResponse> {
  const target = assertSecureUrl(url, options.allowInsecureRequests);
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const where = `${target.origin}${target.pathname}`;
  try {
    const response = await (options.fetch ?? fetch)(target, {
      ...init,
      redirect: 'manual',
      signal,
    });
    const text = await readBounded(response, limits, where);
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (timeout.aborted)
      throw new TransportError(
        'ERR_TIMEOUT',
        `no complete answer from ${where} within ${limits.timeoutMs} ms`,
        { cause: error },
      );
    if (error instanceof LimitExceededError) throw error;
    if (options.signal?.aborted) throw error;
    throw new TransportError('ERR_NETWORK', `request to ${where} failed`, { cause: error });
  }
}

async function readBounded(response: Response, limits: Limits, where: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  checkLimit(limits, 'maxResponseBytes', declared, `the response body of ${where}`);
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limits.maxResponseBytes) {
      await reader.cancel();
      checkLimit(limits, 'maxResponseBytes', size, `the response body of ${where}`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(body);
}

/** The `application/x-www-form-urlencoded` request headers every token request sends. */
export function formHeaders(): Headers {
  return new Headers({
    'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
    accept: 'application/json',
  });
}

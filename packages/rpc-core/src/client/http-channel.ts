// JSON-RPC over HTTP POST: one request per call, over the platform's poster (keep-alive on Node).
import { ErrorCode, errorFromWire, RpcError } from '../errors.js';
import { createHttpPoster } from './node-transport.js';
import type { HttpOptions, HttpPoster } from './transport.js';

/**
 * JSON-RPC over HTTP POST. On Node a keep-alive agent reuses one TCP connection across calls
 * instead of a handshake per request; in a browser, fetch does the same.
 */
export class HttpChannel {
  readonly #poster: HttpPoster;
  readonly #headers: () => Record<string, string>;
  #nextId = 1;

  constructor(url: URL, headers: () => Record<string, string>, options: HttpOptions) {
    this.#poster = createHttpPoster(url, options);
    this.#headers = headers;
  }

  /** Sends one request (or a notification when `notify`) and resolves with its result. */
  async request(method: string, params: readonly unknown[], notify = false): Promise<unknown> {
    const message = notify
      ? { jsonrpc: '2.0', method, params }
      : { jsonrpc: '2.0', id: this.#nextId++, method, params };
    const { status, text } = await this.#poster.post(
      JSON.stringify(message),
      { 'content-type': 'application/json', ...this.#headers() },
      method,
    );
    return resultOf(status, text);
  }

  close(): void {
    this.#poster.close();
  }
}

/** The result of an HTTP answer; throws RpcError for an error answer or a body that is not one. */
function resultOf(status: number, text: string): unknown {
  if (status === 204 && text === '') return undefined;
  let answer: { result?: unknown; error?: unknown } | null = null;
  try {
    answer = JSON.parse(text);
  } catch {
    // Falls through to the error below.
  }
  if (typeof answer !== 'object' || answer === null) {
    throw new RpcError(ErrorCode.InternalError, `HTTP ${status} without a JSON-RPC answer`);
  }
  if (answer.error !== undefined) throw errorFromWire(answer.error);
  return answer.result;
}

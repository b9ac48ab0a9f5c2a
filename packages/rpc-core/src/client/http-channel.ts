import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  ConnectionClosedError,
  ErrorCode,
  errorFromWire,
  RpcError,
  RpcTimeoutError,
} from '../errors.js';

/**
 * JSON-RPC over HTTP POST with a keep-alive agent, so one TCP connection is reused across calls
 * instead of a handshake per request.
 */
export class HttpChannel {
  readonly #url: URL;
  readonly #agent: Agent;
  readonly #headers: () => Record<string, string>;
  readonly #timeoutMs: number;
  #nextId = 1;

  constructor(
    url: URL,
    headers: () => Record<string, string>,
    timeoutMs: number,
    maxSockets: number,
  ) {
    this.#url = url;
    this.#headers = headers;
    this.#timeoutMs = timeoutMs;
    const options = { keepAlive: true, maxSockets };
    this.#agent = url.protocol === 'https:' ? new HttpsAgent(options) : new Agent(options);
  }

  /** Sends one request (or a notification when `notify`) and resolves with its result. */
  request(method: string, params: readonly unknown[], notify = false): Promise<unknown> {
    const message = notify
      ? { jsonrpc: '2.0', method, params }
      : { jsonrpc: '2.0', id: this.#nextId++, method, params };
    const body = JSON.stringify(message);
    const send = this.#url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        this.#url,
        {
          method: 'POST',
          agent: this.#agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...this.#headers(),
          },
        },
        (res) =>
          collect(res)
            .then((text) => resolve(resultOf(res.statusCode ?? 0, text)))
            .catch(reject),
      );
      req.setTimeout(this.#timeoutMs, () =>
        req.destroy(new RpcTimeoutError(`${method} got no answer in ${this.#timeoutMs} ms`)),
      );
      req.on('error', (error) =>
        reject(
          error instanceof RpcError
            ? error
            : new ConnectionClosedError(`HTTP request failed: ${error.message}`),
        ),
      );
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

function collect(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
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

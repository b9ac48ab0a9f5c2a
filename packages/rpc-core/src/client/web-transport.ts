// The client's platform in browsers (and other runtimes with a WHATWG WebSocket and fetch): the
// platform's own WebSocket and fetch, with no Node.js module. Bundlers use it in place of
// node-transport.js through package.json's `browser` field.
import { ConnectionClosedError, LimitExceededError, RpcTimeoutError } from '../errors.js';
import { messageTooLarge } from './limits.js';
import type { ClientSocket, CreateHttpPoster, OpenSocket, SocketEvents } from './transport.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Whether `text` takes more than `maxBytes` in UTF-8 (encoded only when the length cannot tell). */
function exceeds(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  return text.length * 3 > maxBytes && encoder.encode(text).byteLength > maxBytes;
}

/** A platform WebSocket as a {@link ClientSocket}; the browser answers the server's pings. */
class WebSocketAdapter implements ClientSocket {
  readonly #socket: WebSocket;
  readonly #maxBytes: number;
  readonly #closed: Promise<void>;
  #tooLarge = false;
  #events: SocketEvents | null = null;

  constructor(socket: WebSocket, maxBytes: number) {
    this.#socket = socket;
    this.#maxBytes = maxBytes;
    this.#closed = new Promise((resolve) =>
      socket.addEventListener('close', () => {
        resolve();
        this.#events?.close({ tooLarge: this.#tooLarge });
      }),
    );
  }

  get isOpen(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  send(text: string): void {
    this.#socket.send(text);
  }

  listen(events: SocketEvents): void {
    this.#events = events;
    this.#socket.addEventListener('message', (event: MessageEvent) => {
      if (this.#tooLarge || typeof event.data !== 'string') return;
      if (exceeds(event.data, this.#maxBytes)) {
        this.#tooLarge = true;
        this.#socket.close();
      } else events.message(event.data);
    });
  }

  close(): Promise<void> {
    if (this.#socket.readyState !== WebSocket.CLOSED) this.#socket.close(1000);
    return this.#closed;
  }
}

/**
 * Opens a platform WebSocket. Browsers cannot set headers on the upgrade, so credentials and
 * extra headers for a WebSocket are refused with a TypeError: log in with `client.login()`.
 */
export const openSocket: OpenSocket = (url, options) => {
  if (Object.keys(options.headers).length > 0) {
    return Promise.reject(
      new TypeError(
        'Browsers cannot send headers or Basic credentials on a WebSocket upgrade: call client.login() instead',
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.href);
    const opened = () => {
      socket.removeEventListener('error', failed);
      resolve(new WebSocketAdapter(socket, options.maxMessageBytes));
    };
    const failed = () => {
      socket.removeEventListener('open', opened);
      reject(new ConnectionClosedError(`Cannot connect to ${url.host}`));
    };
    socket.addEventListener('open', opened, { once: true });
    socket.addEventListener('error', failed, { once: true });
  });
};

/** Posts with the platform's fetch, reading at most `maxMessageBytes` of each answer. */
export const createHttpPoster: CreateHttpPoster = (url, options) => {
  const inFlight = new Set<AbortController>();
  return {
    async post(body, headers, what) {
      const abort = new AbortController();
      inFlight.add(abort);
      const timer = setTimeout(
        () => abort.abort(new RpcTimeoutError(`${what} got no answer in ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      try {
        const response = await fetch(url, { method: 'POST', headers, body, signal: abort.signal });
        return { status: response.status, text: await readText(response, options.maxMessageBytes) };
      } catch (error) {
        if (abort.signal.aborted && abort.signal.reason instanceof Error) throw abort.signal.reason;
        if (error instanceof LimitExceededError) throw error;
        throw new ConnectionClosedError(`HTTP request failed: ${(error as Error).message}`);
      } finally {
        clearTimeout(timer);
        inFlight.delete(abort);
      }
    },
    close() {
      for (const abort of inFlight) abort.abort(new ConnectionClosedError('The client was closed'));
    },
  };
};

/** The body of `response` as text; throws LimitExceededError past `maxBytes`. */
async function readText(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw messageTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decoder.decode(whole);
}

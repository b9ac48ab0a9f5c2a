// The node:http adapter: reads a request body within the body limit, hands the request to
// ApiKeyServer.handle and writes its answer; mounts under a path such as `/server`.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { LimitExceededError, MalformedError, NotFoundError } from '../errors.js';
import type { ApiKeyServer, HttpAnswer, Route } from './api-key-server.js';

/** Options of {@link createRequestListener}. */
export interface NodeHandlerOptions {
  /** Serves authenticated requests other than login and logout (see {@link Route}). */
  route?: Route;
  /** Path the protocol is mounted under, e.g. `/server` (Psono's URL layout). Default: the root. */
  mountPath?: string;
}

/**
 * Reads a request body as UTF-8 text, at most `maxBytes`. A body found to be larger is left
 * unread from there on: see {@link discardRest}.
 * @throws {LimitExceededError} the body is larger (`maxBodyBytes`).
 * @throws {MalformedError} the request ended before its body did.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  const tooLarge = () => new LimitExceededError('maxBodyBytes', maxBytes, 'request body');
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.reject(tooLarge());
  // Listened to, not iterated: leaving a `for await` loop destroys the request, and with it the
  // socket the answer would have gone out on.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error: Error | undefined) => {
      request.off('data', onData).off('end', onEnd).off('error', settle).off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) settle(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => settle(undefined);
    const onClose = () => settle(new MalformedError('the request ended before its body did'));
    request.on('data', onData).on('end', onEnd).on('error', settle).on('close', onClose);
  });
}

/**
 * Reads and drops what is left of a request whose body was refused (past `maxBodyBytes`), so that
 * the client, which may still be sending it, can read the answer and keep its connection (a
 * socket closed on unread data is reset, and the answer lost with it). Past twice `maxBodyBytes`
 * more octets the connection is cut: no client can keep the server reading.
 */
export function discardRest(request: IncomingMessage, maxBodyBytes: number): void {
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > 2 * maxBodyBytes) request.socket?.destroy();
  });
  request.resume();
}

/** Writes an {@link HttpAnswer} to a node:http response. */
export function writeAnswer(response: ServerResponse, answer: HttpAnswer): void {
  response.writeHead(answer.status, {
    ...answer.headers,
    'content-length': Buffer.byteLength(answer.body),
  });
  response.end(answer.body);
}

/**
 * The URL of a request, read against a placeholder origin.
 * @throws {MalformedError} when the request target is not a URL path (`//[::1`).
 */
function requestUrl(request: IncomingMessage): URL {
  try {
    return new URL(request.url ?? '/', 'http://localhost');
  } catch {
    throw new MalformedError('the request target is not a URL path');
  }
}

/**
 * A node:http request listener serving the protocol (login, logout and `route`) under `mountPath`;
 * other paths get a 404 with code `ERR_NOT_FOUND`.
 */
export function createRequestListener(
  server: ApiKeyServer,
  options: NodeHandlerOptions = {},
): RequestListener {
  const mount = (options.mountPath ?? '').replace(/\/+$/, '');
  return (request, response) => {
    void (async () => {
      const url = requestUrl(request);
      if (mount !== '' && !(url.pathname === mount || url.pathname.startsWith(`${mount}/`))) {
        writeAnswer(response, server.answerError(new NotFoundError('Not found')));
        return;
      }
      let body: string;
      try {
        body = await readBody(request, server.limits.maxBodyBytes);
      } catch (error) {
        writeAnswer(response, server.answerError(error));
        discardRest(request, server.limits.maxBodyBytes);
        return;
      }
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(request.headers))
        headers[name] = Array.isArray(value) ? value[0] : value;
      const answer = await server.handle(
        {
          method: request.method ?? 'GET',
          path: url.pathname.slice(mount.length) || '/',
          headers,
          body,
        },
        options.route,
      );
      writeAnswer(response, answer);
    })().catch((error: unknown) => {
      if (!response.headersSent) writeAnswer(response, server.answerError(error));
      else response.destroy();
    });
  };
}

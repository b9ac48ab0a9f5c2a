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
 * Reads a request body as UTF-8 text, at most `maxBytes`.
 * @throws {LimitExceededError} the body is larger (`maxBodyBytes`).
 */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new LimitExceededError('maxBodyBytes', maxBytes, 'request body');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new LimitExceededError('maxBodyBytes', maxBytes, 'request body');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
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
        request.resume();
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

// JSON-RPC over HTTP POST: one request, one session, one answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, RpcError } from '../errors.js';
import type { DispatchResult } from './dispatch.js';
import type { TransportHost } from './host.js';
import { type ConnectRefusal, grantAtConnect, isRefusal } from './request-grant.js';
import type { GuardRefusal } from './request-guard.js';
import { Session } from './session.js';

const refusalCodes: Record<number, number> = {
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Unauthorized,
  421: ErrorCode.InvalidRequest,
  413: ErrorCode.LimitExceeded,
  429: ErrorCode.LimitExceeded,
  500: ErrorCode.InternalError,
  503: ErrorCode.ServerClosing,
};

/** Sends a JSON-RPC error (id null) with an HTTP status other than 200. */
function refuse(
  res: ServerResponse,
  refusal: ConnectRefusal | GuardRefusal | { status: 413 | 503; message: string },
  data?: unknown,
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (refusal.status === 401) headers['www-authenticate'] = 'Basic realm="rpc", charset="UTF-8"';
  if ('retryAfterMs' in refusal && refusal.retryAfterMs !== undefined) {
    headers['retry-after'] = String(Math.ceil(refusal.retryAfterMs / 1000));
  }
  if (refusal.status === 413) headers.connection = 'close';
  const error = new RpcError(
    refusalCodes[refusal.status] ?? ErrorCode.InternalError,
    refusal.message,
    data,
  );
  res.writeHead(refusal.status, headers).end(JSON.stringify({ id: null, jsonrpc: '2.0', error }));
}

/** Reads the body up to `max` bytes; null when it is larger. */
function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.pause();
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      // A small body usually comes in one chunk, decoded without a copy.
      const [first] = chunks;
      if (chunks.length === 1 && first !== undefined) resolve(first.toString('utf8'));
      else resolve(Buffer.concat(chunks, size).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** The 413 refusal of a body over `maxBodyBytes`. */
function refuseTooLarge(res: ServerResponse, maxBodyBytes: number): void {
  refuse(
    res,
    { status: 413, message: `Body exceeds maxBodyBytes ${maxBodyBytes}` },
    { limit: 'maxBodyBytes', maxBodyBytes },
  );
}

/**
 * Serves one JSON-RPC POST: Basic credentials log in for this request only, the body is one
 * message. Status 200 for answers (errors included), 204 when only notifications came, 400 for a
 * body that is not JSON-RPC at all, 413 for a body over `maxBodyBytes`.
 */
export async function serveHttp(
  host: TransportHost,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { limits } = host;
  if (host.isClosing()) return refuse(res, { status: 503, message: 'Server is shutting down' });
  const guarded = host.guard.refusal(req, true);
  if (guarded !== null) return refuse(res, guarded);
  if (Number(req.headers['content-length'] ?? 0) > limits.maxBodyBytes)
    return refuseTooLarge(res, limits.maxBodyBytes);
  const connecting = grantAtConnect(host.authenticator, req);
  const body = await readBody(req, limits.maxBodyBytes);
  const outcome = connecting instanceof Promise ? await connecting : connecting;
  if (body === null) return refuseTooLarge(res, limits.maxBodyBytes);
  if (isRefusal(outcome)) return refuse(res, outcome);
  const session = new Session(
    host.nextConnectionId(),
    'http',
    req.socket.remoteAddress ?? '',
    outcome.grant,
    null,
  );
  session.connect(outcome);
  const work = host.dispatcher.handleText(session, body);
  let result: DispatchResult;
  if (work instanceof Promise) {
    // A client gone before its answer aborts the calls still running for it.
    res.once('close', () => session.markClosed());
    result = await work;
  } else result = work;
  if (!res.destroyed) writeAnswer(res, result);
  // The request's session ends with its answer; a call answered later finds it closed.
  session.markClosed();
}

/** Writes the answer: 200 (400 for a message that is not JSON-RPC), or 204 when none is owed. */
function writeAnswer(res: ServerResponse, { answer, malformed }: DispatchResult): void {
  if (answer === null) {
    res.writeHead(204).end();
    return;
  }
  // A flat array of header names and values: node:http takes it as is, no object to walk. A
  // string body leaves in one write with the head; a Buffer would be a second chunk.
  res
    .writeHead(malformed ? 400 : 200, [
      'content-type',
      'application/json',
      'content-length',
      String(Buffer.byteLength(answer)),
    ])
    .end(answer);
}

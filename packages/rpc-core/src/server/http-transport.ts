// JSON-RPC over HTTP POST: one request, one session, one answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, RpcError } from '../errors.js';
import type { DispatchResult } from './dispatch.js';
import type { TransportHost } from './host.js';
import {
  type ConnectGrant,
  type ConnectRefusal,
  grantAtConnect,
  isRefusal,
} from './request-grant.js';
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

/**
 * Reads the body up to `max` bytes and hands it to `then` (null when it is larger), or a stream
 * error met before that to `fail`; errors after it (a client gone while its calls run) are the
 * response's business, not the body's. Callbacks, not a promise: this runs once per request.
 */
function readBody(
  req: IncomingMessage,
  max: number,
  then: (body: string | null) => void,
  fail: (error: unknown) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let read = false;
  const deliver = (body: string | null): void => {
    read = true;
    then(body);
  };
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > max) {
      req.removeAllListeners('data');
      req.removeAllListeners('end');
      req.pause();
      deliver(null);
    } else chunks.push(chunk);
  });
  req.on('end', () => {
    // A small body usually comes in one chunk, decoded without a copy.
    const [first] = chunks;
    if (chunks.length === 1 && first !== undefined) deliver(first.toString('utf8'));
    else deliver(Buffer.concat(chunks, size).toString('utf8'));
  });
  // Kept for the request's whole life: an 'error' without a listener would end the process.
  req.on('error', (error) => {
    if (!read) fail(error);
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
 * body that is not JSON-RPC at all, 413 for a body over `maxBodyBytes`. Calls `done` once, when
 * the request is answered or dropped; a request whose handlers all answer at once is served
 * without a promise.
 */
export function serveHttp(
  host: TransportHost,
  req: IncomingMessage,
  res: ServerResponse,
  done: () => void,
): void {
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    done();
  };
  // What goes wrong after the request ended (a late stream error) is no longer its business.
  const fail = (): void => {
    if (ended) return;
    if (!res.headersSent) res.writeHead(500).end();
    else res.destroy();
    end();
  };
  const finish = (answer: () => void): void => {
    try {
      answer();
    } catch {
      fail();
      return;
    }
    end();
  };
  const refusal = refusalBeforeBody(host, req);
  if (refusal !== null) {
    finish(() => refusal(res));
    return;
  }
  let connecting: ReturnType<typeof grantAtConnect>;
  try {
    connecting = grantAtConnect(host.authenticator, req);
  } catch {
    fail(); // the authenticator itself failed
    return;
  }
  const answer = (body: string | null, outcome: ConnectGrant | ConnectRefusal): void => {
    if (body === null) finish(() => refuseTooLarge(res, host.limits.maxBodyBytes));
    else if (isRefusal(outcome)) finish(() => refuse(res, outcome));
    else {
      const session = new Session(
        host.nextConnectionId(),
        'http',
        req.socket.remoteAddress ?? '',
        outcome.grant,
        null,
      );
      session.connect(outcome);
      const reply = (result: DispatchResult): void =>
        finish(() => {
          if (!res.destroyed) writeAnswer(res, result);
          // The request's session ends with its answer; a call answered later finds it closed.
          session.markClosed();
        });
      const work = host.dispatcher.handleText(session, body);
      if (!(work instanceof Promise)) reply(work);
      else {
        // A client gone before its answer aborts the calls still running for it.
        res.once('close', () => session.markClosed());
        work.then(reply, fail);
      }
    }
  };
  readBody(
    req,
    host.limits.maxBodyBytes,
    (body) => {
      if (connecting instanceof Promise) connecting.then((outcome) => answer(body, outcome), fail);
      else answer(body, connecting);
    },
    fail,
  );
}

/** How to refuse a request before its body is read (closing, Host or Origin, size), or null. */
function refusalBeforeBody(
  host: TransportHost,
  req: IncomingMessage,
): ((res: ServerResponse) => void) | null {
  if (host.isClosing())
    return (res) => refuse(res, { status: 503, message: 'Server is shutting down' });
  const guarded = host.guard.refusal(req, true);
  if (guarded !== null) return (res) => refuse(res, guarded);
  const { maxBodyBytes } = host.limits;
  if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes)
    return (res) => refuseTooLarge(res, maxBodyBytes);
  return null;
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

// Who may use the node's plain HTTP routes (the schedule page, calendar files, account linking):
// the request's Basic credentials, checked as rpc-core checks them for JSON-RPC, and the plain-text
// answers that refuse a request.
import type { IncomingMessage } from 'node:http';
import {
  type Authenticator,
  authenticateRequest,
  type Grant,
  isAllowed,
  LimitExceededError,
  UnauthorizedError,
} from '@convene/rpc-core';

/** The header that asks a browser or script for Basic credentials. */
const CHALLENGE = { 'www-authenticate': 'Basic realm="convene"' };

/**
 * The grant of `req` when it may use the API `api`.
 *
 * @throws {UnauthorizedError} with `message` when it may not (answered 401 by {@link accessRefusal}).
 * @throws what `authenticateRequest` throws: a malformed header, a throttled login.
 */
export async function requireApi(
  authenticator: Authenticator,
  req: IncomingMessage,
  api: string,
  message: string,
): Promise<Grant | null> {
  const grant = await authenticateRequest(authenticator, req);
  if (!isAllowed(grant, api)) throw new UnauthorizedError(message);
  return grant;
}

/** A plain-text refusal: the status, the message (one line) and the headers to answer with. */
export interface AccessRefusal {
  readonly status: 401 | 429;
  readonly message: string;
  readonly headers: Record<string, string>;
}

/**
 * How to answer an access error: 401 with the Basic challenge for missing or wrong credentials,
 * 429 with `Retry-After` for a throttled login (right password or not: retry later, not "wrong
 * credentials"); null for any other error.
 */
export function accessRefusal(error: unknown): AccessRefusal | null {
  if (error instanceof UnauthorizedError)
    return { status: 401, message: error.message, headers: CHALLENGE };
  if (error instanceof LimitExceededError) {
    const { retryAfterMs = 1000 } = (error.data ?? {}) as { retryAfterMs?: number };
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return { status: 429, message: error.message, headers: { 'retry-after': String(seconds) } };
  }
  return null;
}

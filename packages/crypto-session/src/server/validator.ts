// Psono's Authorization-Validator check: the device fingerprint given at login, and a request
// time whose offset from the server clock matches the offset measured at login within a window.
import { equalBytes } from '@noble/ciphers/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from '../envelope.js';
import { AuthenticationError, CryptoSessionError } from '../errors.js';
import type { StoredSession } from '../store/session-store.js';
import { expectObject, readTime } from '../wire.js';
import type { ServerSession } from './server-session.js';

/** Constant-time equality of two strings of any length (compares their SHA-256). */
export function sameText(a: string, b: string): boolean {
  return equalBytes(sha256(utf8(a)), sha256(utf8(b)));
}

/**
 * Checks the header of a session that requires one.
 * @throws {AuthenticationError} `ERR_VALIDATOR`: missing, unreadable, wrong fingerprint or outside the window.
 */
export function checkValidator(
  header: string | undefined,
  stored: StoredSession,
  session: ServerSession,
  fingerprint: string | null,
  now: number,
  windowSeconds: number,
): void {
  const fail = (why: string) =>
    new AuthenticationError('ERR_VALIDATOR', `Authorization-Validator ${why}`);
  if (header === undefined || header === '') throw fail('is required for this session');
  let payload: Record<string, unknown>;
  try {
    payload = expectObject(session.openValidator(header), 'Authorization-Validator');
  } catch (error) {
    if (error instanceof CryptoSessionError) throw fail('does not open under the session key');
    throw error;
  }
  if (fingerprint !== null) {
    const given = payload.request_device_fingerprint;
    if (typeof given !== 'string' || !sameText(given, fingerprint))
      throw fail('names another device');
  }
  if (stored.clientTime !== null) {
    if (typeof payload.request_time !== 'string') throw fail('lacks request_time');
    let requestTime: number;
    try {
      requestTime = readTime(payload.request_time, 'request_time');
    } catch {
      throw fail('has a request_time that is not a date');
    }
    const drift = Math.abs(stored.clientTime - stored.createdAt - (requestTime - now));
    if (drift > windowSeconds * 1000) throw fail('request_time is outside the allowed window');
  }
}

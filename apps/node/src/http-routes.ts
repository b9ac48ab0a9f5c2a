// The node's plain HTTP routes beside JSON-RPC: health, calendar files, the schedule page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Authenticator, isAllowed, parseBasicAuth } from '@convene/rpc-core';
import { calendarExport } from './calendar/export.js';
import { type CalendarFormat, CONTENT_TYPES } from './calendar/formats.js';
import { NotFoundError } from './errors.js';
import type { EventCache } from './event-cache.js';
import type { Database } from './storage/database.js';

const EXTENSIONS: Record<string, CalendarFormat> = { ics: 'ical', xcs: 'xcal', jcs: 'jcal' };
const CALENDAR_PATH = /^\/events\/([1-9]\d{0,17})\/calendar\.(ics|xcs|jcs)$/;

function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** Whether an `If-None-Match` header (RFC 9110 §13.1.2) matches `etag` (weak comparison). */
function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** What the HTTP routes need from the node. */
export interface HttpRoutesOptions {
  db: Database;
  cache: EventCache;
  authenticator: Authenticator;
  /** Called with failures the client only sees as a 500. */
  onError: (error: unknown) => void;
  /** Called with each response in the making, so a graceful close can wait for it. */
  track: (work: Promise<unknown>) => void;
}

/**
 * The node's plain HTTP routes, for every request that is not JSON-RPC (rpc-core's
 * `onHttpRequest`): `GET /health`, and `GET /events/{id}/calendar.{ics,xcs,jcs}` (with
 * `?flavour=legacy` for the Pentabarf xCal), which needs the `calendar_api` grant (anonymous, or
 * by HTTP Basic) and honours `If-None-Match`.
 */
export function httpRoutes(options: HttpRoutesOptions) {
  const { db, cache, authenticator, onError, track } = options;
  const grantOf = async (req: IncomingMessage) => {
    const peer = { remoteAddress: req.socket.remoteAddress ?? '' };
    const credentials = parseBasicAuth(req.headers.authorization);
    if (credentials === undefined) return authenticator.anonymous(peer);
    if (credentials === null) return null;
    // As rpc-core does: wrong credentials leave the anonymous grant.
    const earned = await authenticator.authenticate(credentials.user, credentials.password, peer);
    return earned ?? authenticator.anonymous(peer);
  };

  const health = async (res: ServerResponse) => {
    try {
      await db.query('SELECT 1');
      send(res, 200, `${JSON.stringify({ status: 'ok', storage: db.kind })}\n`, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
    } catch (error) {
      onError(error);
      send(res, 503, `${JSON.stringify({ status: 'unavailable', storage: db.kind })}\n`, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
    }
  };

  const calendar = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const [, eventId = '', extension = ''] = CALENDAR_PATH.exec(url.pathname) ?? [];
    const flavour = url.searchParams.get('flavour');
    if (flavour !== null && !(flavour === 'legacy' && extension === 'xcs')) {
      send(res, 400, 'flavour=legacy is the only flavour, and only for .xcs\n');
      return;
    }
    let format = EXTENSIONS[extension] as CalendarFormat;
    if (flavour === 'legacy') format = 'legacy-xcal';
    const grant = await grantOf(req).catch(() => null);
    if (!isAllowed(grant, 'calendar')) {
      send(res, 401, 'calendar_api is needed\n', { 'www-authenticate': 'Basic realm="convene"' });
      return;
    }
    const exported = await calendarExport(cache, db, eventId, format);
    const headers = { etag: exported.etag, 'cache-control': 'no-cache' };
    if (matches(req.headers['if-none-match'], exported.etag)) {
      res.writeHead(304, headers).end();
      return;
    }
    send(res, 200, exported.body, { ...headers, 'content-type': CONTENT_TYPES[format] });
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://node');
    const route =
      url.pathname === '/health' ? 'health' : CALENDAR_PATH.test(url.pathname) ? 'calendar' : null;
    if (route === null) {
      send(res, 404, 'Not found: try GET /health or GET /events/{id}/calendar.ics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'GET or HEAD\n', { allow: 'GET, HEAD' });
      return;
    }
    const done = route === 'health' ? health(res) : calendar(req, res, url);
    const handled = done.catch((error: unknown) => {
      if (error instanceof NotFoundError) {
        send(res, 404, 'No such event\n');
        return;
      }
      onError(error);
      if (!res.headersSent) send(res, 500, 'Internal error\n');
      else res.destroy();
    });
    track(handled);
  };
}

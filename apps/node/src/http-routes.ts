// The node's plain HTTP routes beside JSON-RPC: health, calendar files, the schedule page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '@convene/rpc-core';
import { calendarExport } from './calendar/export.js';
import { type CalendarFormat, CONTENT_TYPES } from './calendar/formats.js';
import { NotFoundError } from './errors.js';
import { ALL_EVENTS, type EventCache } from './event-cache.js';
import { accessRefusal, requireApi } from './http-access.js';
import { SCHEDULE_CSS, SCHEDULE_SCRIPT } from './page/assets.js';
import { renderSchedulePage } from './page/schedule-page.js';
import type { Database } from './storage/database.js';
import { selectEvents, selectSchedule } from './storage/read-queries.js';

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
 * The schedule page's Content-Security-Policy: its script and stylesheet from the node itself,
 * WebSocket and fetch to the node itself, nothing inline, nothing from elsewhere.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ASSETS: Record<string, { type: string; body: string }> = {
  '/assets/schedule.css': { type: 'text/css; charset=utf-8', body: SCHEDULE_CSS },
  '/assets/schedule.js': { type: 'text/javascript; charset=utf-8', body: SCHEDULE_SCRIPT },
};

/** `host:port` as the request reached this node: its Host header when well-formed, else the socket's. */
function hostOf(req: IncomingMessage): string {
  const host = req.headers.host;
  if (host && /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host)) return host;
  const local = req.socket.localAddress ?? '127.0.0.1';
  return `${local.includes(':') ? `[${local}]` : local}:${req.socket.localPort}`;
}

type Route = 'page' | 'asset' | 'health' | 'calendar';

function routeOf(path: string): Route | null {
  if (path === '/') return 'page';
  if (Object.hasOwn(ASSETS, path)) return 'asset';
  if (path === '/health') return 'health';
  return CALENDAR_PATH.test(path) ? 'calendar' : null;
}

/**
 * The node's plain HTTP routes, for every request that is not JSON-RPC (rpc-core's
 * `onHttpRequest`): `GET /`, the schedule page, with its `/assets/…`; `GET /health`; and
 * `GET /events/{id}/calendar.{ics,xcs,jcs}` (with `?flavour=legacy` for the Pentabarf xCal),
 * which needs the `calendar_api` grant (anonymous, or by HTTP Basic) and honours `If-None-Match`.
 */
export function httpRoutes(options: HttpRoutesOptions) {
  const { db, cache, authenticator, onError, track } = options;
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

  const page = async (req: IncomingMessage, res: ServerResponse) => {
    await requireApi(authenticator, req, 'database', 'database_api is needed');
    const events = await cache.get(ALL_EVENTS, 'get_events', () => selectEvents(db));
    const schedules = await Promise.all(
      events.map((event) => cache.get(event.id, 'schedule', () => selectSchedule(db, event.id))),
    );
    send(res, 200, renderSchedulePage({ schedules, host: hostOf(req) }), {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': PAGE_CSP,
      'cache-control': 'no-cache',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
  };

  const asset = (res: ServerResponse, path: string) => {
    const { type, body } = ASSETS[path] as { type: string; body: string };
    send(res, 200, body, {
      'content-type': type,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
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
    await requireApi(authenticator, req, 'calendar', 'calendar_api is needed');
    const exported = await calendarExport(cache, db, eventId, format);
    const headers = { etag: exported.etag, 'cache-control': 'no-cache' };
    if (matches(req.headers['if-none-match'], exported.etag)) {
      res.writeHead(304, headers).end();
      return;
    }
    send(res, 200, exported.body, { ...headers, 'content-type': CONTENT_TYPES[format] });
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = URL.parse(req.url ?? '/', 'http://node');
    if (url === null) {
      send(res, 400, 'Bad request: the request target is not a URL\n');
      return;
    }
    const route = routeOf(url.pathname);
    if (route === null) {
      send(res, 404, 'Not found: try GET /, GET /health or GET /events/{id}/calendar.ics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'GET or HEAD\n', { allow: 'GET, HEAD' });
      return;
    }
    if (route === 'asset') {
      asset(res, url.pathname);
      return;
    }
    const done =
      route === 'page'
        ? page(req, res)
        : route === 'health'
          ? health(res)
          : calendar(req, res, url);
    const handled = done.catch((error: unknown) => {
      if (error instanceof NotFoundError) {
        send(res, 404, 'No such event\n');
        return;
      }
      const refused = accessRefusal(error);
      if (refused !== null) {
        send(res, refused.status, `${refused.message}\n`, refused.headers);
        return;
      }
      onError(error);
      if (!res.headersSent) send(res, 500, 'Internal error\n');
      else res.destroy();
    });
    track(handled);
  };
}

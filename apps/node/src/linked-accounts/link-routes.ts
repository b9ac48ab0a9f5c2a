// The browser side of linking: GET /events/{id}/link/{provider} and GET /oauth/{provider}/callback.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '@convene/rpc-core';
import { NotFoundError } from '../errors.js';
import { accessRefusal, requireApi } from '../http-access.js';
import { LinkError } from './errors.js';
import { type CompletedLink, type LinkedAccounts, NOT_CONFIGURED } from './linked-accounts.js';

const LINK_PATH = /^\/events\/([1-9]\d{0,17})\/link\/([a-z][a-z0-9_-]{0,31})$/;
const CALLBACK_PATH = /^\/oauth\/([a-z][a-z0-9_-]{0,31})\/callback$/;

/** The link pages' Content-Security-Policy: nothing loads, nothing submits, nothing frames. */
export const LINK_PAGE_CSP =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The cookie that binds a link transaction to the browser that started it. */
export const linkCookieName = (provider: string) => `convene_link_${provider}`;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A small page saying what happened; the callback URL's code never reaches another site. */
function page(
  res: ServerResponse,
  status: number,
  title: string,
  text: string,
  headers: Record<string, string> = {},
) {
  const body = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(text)}</p>
<p><a href="/">Back to the schedule</a></p>
`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'content-security-policy': LINK_PAGE_CSP,
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** What the link routes need. */
export interface LinkRoutesOptions {
  readonly linked: LinkedAccounts;
  readonly authenticator: Authenticator;
  readonly onError: (error: unknown) => void;
  readonly track: (work: Promise<unknown>) => void;
}

/**
 * The link routes, in front of the node's other HTTP routes: returns whether it took the request.
 * Starting a link needs the `organizer_api` grant (HTTP Basic against api-access.json); the
 * callback is bound to the starting browser by an `HttpOnly; SameSite=Lax` cookie scoped to the
 * callback path. Without an OAuth config both answer 404 saying how to configure one.
 */
export function linkRoutes(options: LinkRoutesOptions) {
  const { linked, authenticator, onError, track } = options;

  const start = async (req: IncomingMessage, res: ServerResponse, match: RegExpExecArray) => {
    const [, eventId = '', provider = ''] = match;
    if (linked.config === undefined) throw new LinkError(404, NOT_CONFIGURED);
    const grant = await requireApi(
      authenticator,
      req,
      'organizer',
      'organizer_api is needed to link accounts',
    );
    const started = await linked.start(eventId, provider, grant?.user ?? 'organizer');
    const secure = linked.redirectUri(provider).startsWith('https:') ? '; Secure' : '';
    const maxAge = Math.ceil((linked.config?.transactionTtlMs ?? 600_000) / 1000);
    res
      .writeHead(303, {
        location: started.location,
        'set-cookie': `${linkCookieName(provider)}=${started.cookie}; Path=/oauth/${provider}/callback; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      })
      .end();
  };

  const callback = async (req: IncomingMessage, res: ServerResponse, match: RegExpExecArray) => {
    const [, provider = ''] = match;
    const clear = {
      'set-cookie': `${linkCookieName(provider)}=; Path=/oauth/${provider}/callback; Max-Age=0; HttpOnly; SameSite=Lax`,
    };
    try {
      const url = new URL(req.url ?? '/', linked.redirectUri(provider));
      const done: CompletedLink = await linked.complete(
        provider,
        url,
        cookieOf(req, linkCookieName(provider)),
      );
      page(
        res,
        200,
        `${done.provider.title} account linked`,
        `${done.provider.title} account ${done.account.displayName} (${done.account.accountId}) is now linked to ${done.eventName}.`,
        clear,
      );
    } catch (error) {
      if (!(error instanceof LinkError)) throw error;
      if (error.status === 502) onError(error);
      page(res, error.status, 'Nothing was linked', error.message, clear);
    }
  };

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = URL.parse(req.url ?? '/', 'http://node');
    if (url === null) return false;
    const link = LINK_PATH.exec(url.pathname);
    const back = link === null ? CALLBACK_PATH.exec(url.pathname) : null;
    if (link === null && back === null) return false;
    if (req.method !== 'GET') {
      res
        .writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' })
        .end('GET\n');
      return true;
    }
    const done =
      link !== null ? start(req, res, link) : callback(req, res, back as RegExpExecArray);
    const handled = done.catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
        res
          .writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers })
          .end(`${text}\n`);
      const refused = accessRefusal(error);
      if (error instanceof LinkError) plain(error.status, error.message);
      else if (error instanceof NotFoundError) plain(404, 'No such event');
      else if (refused !== null) plain(refused.status, refused.message, refused.headers);
      else {
        onError(error);
        plain(500, 'Internal error');
      }
    });
    track(handled);
    return true;
  };
}

// Posting a talk's new time or room to the event's X account: once per talk per interval, retried, never in the way.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ChangeSignals } from '../change-signals.js';
import type { Change } from '../model.js';
import type { Database, Queryable } from '../storage/database.js';
import type { LinkedAccounts } from './linked-accounts.js';
import type { AnnouncementSettings, ProviderConfig } from './oauth-config.js';
import { xClient } from './providers.js';

/** X API v2's "create a post" endpoint, which takes `{"text": …}` signed with OAuth 1.0a. */
export const X_POST_STATUS = 'https://api.x.com/2/tweets';

/** The longest post X takes. */
const MAX_POST_LENGTH = 280;

/**
 * Records the talks of an event as they stand, so that later changes of time or room can be told
 * apart from other edits. Called when announcements are turned on.
 */
export async function snapshotTalks(db: Queryable, eventId: string): Promise<void> {
  await db.query(
    `INSERT INTO announced_talks (talk_id, event_id, starts_at, ends_at, room_id)
      SELECT id, event_id, starts_at, ends_at, room_id FROM talks WHERE event_id = $1
      ON CONFLICT (talk_id) DO UPDATE SET starts_at = excluded.starts_at,
        ends_at = excluded.ends_at, room_id = excluded.room_id`,
    [eventId],
  );
}

interface Due {
  text: string;
  eventId: string;
}

/** What a post says of a talk. */
type TalkPost = {
  event: string;
  title: string;
  time_zone: string;
  starts_at: string;
  ends_at: string;
  room: string | null;
};

/** The text of a post: the event, the talk, its new time in the event's zone and its room. */
function postText(row: TalkPost): string {
  const zone = { timeZone: row.time_zone };
  const day = new Intl.DateTimeFormat('en-GB', {
    ...zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(row.starts_at));
  const end = new Intl.DateTimeFormat('en-GB', {
    ...zone,
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(row.ends_at));
  const where = row.room === null ? '' : ` in ${row.room}`;
  const tail = `" is now ${day}–${end}${where}.`;
  const head = `${row.event}: "`;
  const room = MAX_POST_LENGTH - head.length - tail.length;
  const title =
    row.title.length > room ? `${row.title.slice(0, Math.max(0, room - 1))}…` : row.title;
  return `${head}${title}${tail}`;
}

/**
 * Receives `talk_modified` and, for events whose X account has announcements on, posts a talk's
 * new time or room: at most one post per talk per `minIntervalMs` (a later change waits and is
 * posted with the state then, across all nodes on one database, which decides in a locked row),
 * failures logged and retried with doubling waits up to `maxAttempts`. The write that caused the
 * change never waits for any of it.
 */
export class XAnnouncer {
  readonly #db: Database;
  readonly #linked: LinkedAccounts;
  readonly #config: ProviderConfig;
  readonly #settings: AnnouncementSettings;
  readonly #log: Logger;
  readonly #waiting = new Map<string, NodeJS.Timeout>();
  readonly #work = new Set<Promise<void>>();
  readonly #stop = new AbortController();

  constructor(options: {
    db: Database;
    linked: LinkedAccounts;
    config: ProviderConfig;
    settings: AnnouncementSettings;
    log: Logger;
  }) {
    this.#db = options.db;
    this.#linked = options.linked;
    this.#config = options.config;
    this.#settings = options.settings;
    this.#log = options.log;
  }

  /** Connects to `talk_modified`; returns the function that disconnects. */
  connect(signals: ChangeSignals): () => void {
    return signals.signal('talk_modified').connect((_eventId: string, change: Change) => {
      if (change.action !== 'deleted') this.#run(change.event_id, change.id);
    });
  }

  /** Stops: pending posts and retries are dropped, posts in flight finish. */
  async close(): Promise<void> {
    this.#stop.abort();
    for (const timer of this.#waiting.values()) clearTimeout(timer);
    this.#waiting.clear();
    await Promise.allSettled([...this.#work]);
  }

  #run(eventId: string, talkId: string): void {
    if (this.#stop.signal.aborted) return;
    const work = this.#consider(eventId, talkId).catch((error: unknown) =>
      this.#log.error({ err: error, talk: talkId }, 'announcing a talk change failed'),
    );
    this.#work.add(work);
    void work.finally(() => this.#work.delete(work));
  }

  async #consider(eventId: string, talkId: string): Promise<void> {
    const due = await this.#db.transaction((tx) => this.#claim(tx, eventId, talkId));
    if (due === undefined) return;
    await this.#post(due, talkId);
  }

  /** Decides, in a locked row, whether this change is posted now, later, or not at all. */
  async #claim(tx: Queryable, eventId: string, talkId: string): Promise<Due | undefined> {
    const [account] = await tx.query<{ announce: boolean }>(
      "SELECT announce FROM linked_accounts WHERE event_id = $1 AND provider = 'x'",
      [eventId],
    );
    if (!account?.announce) return undefined;
    await tx.query(
      `INSERT INTO announced_talks (talk_id, event_id, starts_at, ends_at, room_id)
        SELECT id, event_id, starts_at, ends_at, room_id FROM talks WHERE id = $1
        ON CONFLICT (talk_id) DO NOTHING`,
      [talkId],
    );
    const [row] = await tx.query<TalkPost & { same: boolean; wait_ms: string | null }>(
      `SELECT a.starts_at = t.starts_at AND a.ends_at = t.ends_at
            AND a.room_id IS NOT DISTINCT FROM t.room_id AS same,
          ceil(extract(epoch FROM a.posted_at + make_interval(secs => $2::float8 / 1000) - now())
            * 1000)::text AS wait_ms,
          e.name AS event, t.title, e.time_zone, r.name AS room,
          to_char(t.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS starts_at,
          to_char(t.ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ends_at
        FROM announced_talks a JOIN talks t ON t.id = a.talk_id JOIN events e ON e.id = t.event_id
          LEFT JOIN rooms r ON r.id = t.room_id
        WHERE a.talk_id = $1 FOR UPDATE OF a`,
      [talkId, this.#settings.minIntervalMs],
    );
    if (row === undefined || row.same) return undefined;
    const wait = Number(row.wait_ms ?? 0);
    if (wait > 0) {
      this.#later(eventId, talkId, wait);
      return undefined;
    }
    await tx.query(
      `UPDATE announced_talks SET starts_at = t.starts_at, ends_at = t.ends_at,
          room_id = t.room_id, posted_at = now()
        FROM talks t WHERE t.id = announced_talks.talk_id AND announced_talks.talk_id = $1`,
      [talkId],
    );
    return { text: postText(row), eventId };
  }

  /** Looks at a talk again once its interval has passed (one wait per talk). */
  #later(eventId: string, talkId: string, ms: number): void {
    if (this.#waiting.has(talkId) || this.#stop.signal.aborted) return;
    const timer = setTimeout(() => {
      this.#waiting.delete(talkId);
      this.#run(eventId, talkId);
    }, ms);
    timer.unref();
    this.#waiting.set(talkId, timer);
  }

  async #post(due: Due, talkId: string): Promise<void> {
    const { maxAttempts, retryBaseMs } = this.#settings;
    const client = xClient(this.#config);
    const target = this.#config.endpoints.post_status ?? X_POST_STATUS;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const account = await this.#linked.accounts.account(this.#db, due.eventId, 'x');
      if (account === undefined || !account.announce) return;
      let failure: string;
      let retry = true;
      try {
        const response = await client.fetch(target, {
          method: 'POST',
          token: { key: account.accessToken, secret: account.tokenSecret ?? '' },
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: due.text }),
        });
        await response.body?.cancel();
        if (response.ok) {
          this.#log.info({ event: due.eventId, talk: talkId, attempt }, 'talk change posted to X');
          return;
        }
        failure = `HTTP ${response.status}`;
        retry = response.status === 429 || response.status >= 500;
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      const last = !retry || attempt === maxAttempts;
      this.#log[last ? 'error' : 'warn'](
        { event: due.eventId, talk: talkId, attempt, failure },
        last ? 'posting to X failed; giving up' : 'posting to X failed; retrying',
      );
      if (last) return;
      try {
        await sleep(retryBaseMs * 2 ** (attempt - 1), undefined, { signal: this.#stop.signal });
      } catch {
        return;
      }
    }
  }
}

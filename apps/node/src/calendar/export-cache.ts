import { createHash } from 'node:crypto';
import type { Database } from '../storage/database.js';
import { selectSchedule } from '../storage/read-queries.js';
import { type CalendarFormat, renderCalendar } from './formats.js';
import { scheduleToCalendar } from './schedule-calendar.js';

/** One rendered calendar file and its strong ETag (a digest of the bytes, the same on every node). */
export interface CalendarExport {
  body: string;
  etag: string;
}

/**
 * Rendered calendar exports by event and format, built on first request and dropped when a
 * change signal names the event. A render that overlaps an invalidation is served but not kept,
 * so the cache never holds an export older than the last change it heard of.
 */
export class CalendarExportCache {
  readonly #entries = new Map<string, Map<CalendarFormat, Promise<CalendarExport>>>();
  readonly #generation = new Map<string, number>();
  #epoch = 0;

  constructor(private readonly db: Database) {}

  /** The export of `eventId` in `format`; rejects with NotFoundError for an unknown event. */
  get(eventId: string, format: CalendarFormat): Promise<CalendarExport> {
    const cached = this.#entries.get(eventId)?.get(format);
    if (cached) return cached;
    const stamp = this.#stamp(eventId);
    const rendered = this.#render(eventId, format);
    let formats = this.#entries.get(eventId);
    if (!formats) {
      formats = new Map();
      this.#entries.set(eventId, formats);
    }
    formats.set(format, rendered);
    rendered.then(
      () => {
        if (this.#stamp(eventId) !== stamp) this.#forget(eventId, format, rendered);
      },
      () => this.#forget(eventId, format, rendered),
    );
    return rendered;
  }

  /** Drops every export of one event. */
  invalidate(eventId: string): void {
    this.#generation.set(eventId, (this.#generation.get(eventId) ?? 0) + 1);
    this.#entries.delete(eventId);
  }

  /** Drops everything (after notifications from other nodes may have been missed). */
  clear(): void {
    this.#epoch++;
    this.#entries.clear();
  }

  /** Exports held now. */
  get size(): number {
    let count = 0;
    for (const formats of this.#entries.values()) count += formats.size;
    return count;
  }

  #stamp(eventId: string): string {
    return `${this.#epoch}.${this.#generation.get(eventId) ?? 0}`;
  }

  #forget(eventId: string, format: CalendarFormat, rendered: Promise<CalendarExport>): void {
    const formats = this.#entries.get(eventId);
    if (formats?.get(format) === rendered) formats.delete(format);
  }

  async #render(eventId: string, format: CalendarFormat): Promise<CalendarExport> {
    const schedule = await selectSchedule(this.db, eventId);
    const body = renderCalendar(scheduleToCalendar(schedule), format);
    const digest = createHash('sha256').update(body).digest('base64url').slice(0, 32);
    return { body, etag: `"${digest}"` };
  }
}

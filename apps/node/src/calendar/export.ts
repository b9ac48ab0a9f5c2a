// Calendar exports: rendered once per event and format, with an ETag, kept until a change.
import { createHash } from 'node:crypto';
import type { EventCache } from '../event-cache.js';
import type { Database } from '../storage/database.js';
import { selectSchedule } from '../storage/read-queries.js';
import { type CalendarFormat, renderCalendar } from './formats.js';
import { scheduleToCalendar } from './schedule-calendar.js';

/** One rendered calendar file and its strong ETag (a digest of the bytes, the same on every node). */
export interface CalendarExport {
  body: string;
  etag: string;
}

/** Reads an event's schedule and renders it; rejects with NotFoundError for an unknown event. */
export async function renderExport(
  db: Database,
  eventId: string,
  format: CalendarFormat,
): Promise<CalendarExport> {
  const schedule = await selectSchedule(db, eventId);
  const body = renderCalendar(scheduleToCalendar(schedule), format);
  const digest = createHash('sha256').update(body).digest('base64url').slice(0, 32);
  return { body, etag: `"${digest}"` };
}

/** The export of an event in a format, rendered once and kept until the event changes. */
export function calendarExport(
  cache: EventCache,
  db: Database,
  eventId: string,
  format: CalendarFormat,
): CalendarExport | Promise<CalendarExport> {
  return cache.get(eventId, `calendar.${format}`, () => renderExport(db, eventId, format));
}

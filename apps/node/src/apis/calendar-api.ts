// The calendar API: an event's schedule as calendar text.
import type { ApiMethods } from '@convene/rpc-core';
import { calendarExport } from '../calendar/export.js';
import { CALENDAR_FORMATS, type CalendarFormat } from '../calendar/formats.js';
import { InvalidInputError } from '../errors.js';
import type { EventCache } from '../event-cache.js';
import type { Database } from '../storage/database.js';
import { id } from './arguments.js';
import { method } from './method.js';

function format(value: unknown): CalendarFormat {
  if (!(CALENDAR_FORMATS as readonly unknown[]).includes(value)) {
    throw new InvalidInputError('format', `expected one of ${CALENDAR_FORMATS.join(', ')}`);
  }
  return value as CalendarFormat;
}

/** The `calendar` API: an event's schedule as iCalendar, xCal, jCal or legacy xCal text. */
export function calendarApi(db: Database, cache: EventCache): ApiMethods {
  return {
    get_calendar: method(1, 2, async ([eventId, wanted = 'ical']) => {
      const exported = await calendarExport(cache, db, id(eventId, 'event_id'), format(wanted));
      return exported.body;
    }),
  };
}

// The calendar formats the node serves, with their media types and writers.
import { type Calendar, toICalendar, toJCal, toXCal } from '@convene/xcal';

/** The formats `get_calendar` and the HTTP routes serve. */
export const CALENDAR_FORMATS = ['ical', 'xcal', 'jcal', 'legacy-xcal'] as const;
/** One of {@link CALENDAR_FORMATS}. */
export type CalendarFormat = (typeof CALENDAR_FORMATS)[number];

/** The media type of each format (RFC 5545 §8.1, RFC 6321 §7.1, RFC 7265 §8.1). */
export const CONTENT_TYPES: Record<CalendarFormat, string> = {
  ical: 'text/calendar; charset=utf-8',
  xcal: 'application/calendar+xml; charset=utf-8',
  jcal: 'application/calendar+json; charset=utf-8',
  'legacy-xcal': 'application/calendar+xml; charset=utf-8',
};

/** Writes a calendar in one of the formats, as text. */
export function renderCalendar(calendar: Calendar, format: CalendarFormat): string {
  switch (format) {
    case 'ical':
      return toICalendar(calendar);
    case 'xcal':
      return toXCal(calendar);
    case 'legacy-xcal':
      return toXCal(calendar, { flavour: 'legacy' });
    case 'jcal':
      return JSON.stringify(toJCal(calendar));
  }
}

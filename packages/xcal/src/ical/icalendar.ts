// The iCalendar entry points (RFC 5545): text ↔ Calendar, and text ↔ components.
import {
  calendarLayout,
  calendarWithEvents,
  firstCalendar,
  joinCalendar,
  type WriteOptions,
} from '../calendar-view.js';
import { ICalendarSyntaxError } from '../errors.js';
import type { ReadOptions } from '../limits.js';
import type { Calendar, CalendarEvent, CalendarInput, Component } from '../model.js';
import { readICalendar } from './parse.js';
import { calendarFrame, formatComponents, formatEvent } from './write.js';

/**
 * Reads every top-level component in iCalendar text (usually one VCALENDAR), property order kept.
 * @throws {ICalendarSyntaxError} with line and column; LimitExceededError past a limit.
 */
export function readICalendarComponents(text: string, options?: ReadOptions): Component[] {
  return readICalendar(text, options);
}

/**
 * Reads iCalendar text (RFC 5545) into a Calendar: unfolds lines (CRLF or LF), unescapes TEXT,
 * reads parameters (quoted, lists, RFC 6868) and typed values; VTIMEZONEs are kept.
 * @throws {ICalendarSyntaxError} (with line and column) on malformed input.
 * @throws {ValueError} for a VEVENT without UID or DTSTART.
 * @throws {LimitExceededError} past a limit.
 */
export function parseICalendar(text: string, options?: ReadOptions): Calendar {
  // The first VCALENDAR's events are read as CalendarEvents, with no component for each: what is
  // left behind dies young, which the collector handles far more cheaply than a tree kept to the end.
  const events: CalendarEvent[] = [];
  const components = readICalendar(text, options, events);
  const calendar = firstCalendar(components, options, () => {
    throw new ICalendarSyntaxError('no BEGIN:VCALENDAR found', 1, 1);
  });
  return calendarWithEvents(calendar, events);
}

/**
 * Writes components as iCalendar text: CRLF line ends, TEXT escaping, lines folded at 75 octets.
 * @throws {ValueError} when a name or value cannot be written.
 */
export function componentsToICalendar(components: Component[]): string {
  return formatComponents(components);
}

/**
 * Writes a Calendar as iCalendar text (RFC 5545): CRLF line ends, TEXT escaping, lines folded at
 * 75 octets without splitting a UTF-8 sequence, VALUE= only where the type is not the default.
 * @throws {ValueError} when an event lacks uid or start, a value is malformed, or text holds a
 * character iCalendar cannot carry (see isWritableText).
 */
export function toICalendar(calendar: CalendarInput, options?: WriteOptions): string {
  const layout = calendarLayout(calendar, options);
  return joinCalendar(layout, calendarFrame(layout), formatEvent);
}

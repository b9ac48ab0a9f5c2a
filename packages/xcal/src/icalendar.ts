// The iCalendar entry points: text ↔ Calendar (RFC 5545).
import {
  calendarToComponent,
  calendarWithEvents,
  eventFromComponent,
  type WriteOptions,
} from './calendar.js';
import { ICalendarSyntaxError } from './errors.js';
import { readICalendar } from './ical/parse.js';
import { formatComponent } from './ical/write.js';
import type { ReadOptions } from './limits.js';
import type { Calendar, CalendarEvent, Component } from './model.js';

/** Picks the first VCALENDAR of a stream (RFC 5545 §3.4), warning when there are more. */
export function firstCalendar(
  components: Component[],
  options: ReadOptions | undefined,
  fail: () => never,
): Component {
  const calendars = components.filter((c) => c.name === 'vcalendar');
  const first = calendars[0];
  if (!first) return fail();
  if (calendars.length > 1)
    options?.onWarning?.(`${calendars.length} VCALENDARs in the input; only the first is read`);
  return first;
}

/**
 * Reads iCalendar text (RFC 5545) into a Calendar: unfolds lines (CRLF or LF), unescapes TEXT,
 * reads parameters (quoted, lists, RFC 6868) and typed values; VTIMEZONEs are kept.
 * @throws ICalendarSyntaxError (with line and column) on malformed input, ValueError for a VEVENT
 * without UID or DTSTART, LimitError past a limit.
 */
export function parseICalendar(text: string, options?: ReadOptions): Calendar {
  // The first VCALENDAR's events become CalendarEvents as each ends: their components die young,
  // which the collector handles far more cheaply than a whole tree kept to the end.
  const events: CalendarEvent[] = [];
  let calendarsEnded = 0;
  const components = readICalendar(text, options, (component, parent, depth) => {
    if (depth === 1 && component.name === 'vcalendar') calendarsEnded++;
    if (depth !== 2 || calendarsEnded > 0 || component.name !== 'vevent') return false;
    if (parent?.name !== 'vcalendar') return false;
    events.push(eventFromComponent(component));
    return true;
  });
  const calendar = firstCalendar(components, options, () => {
    throw new ICalendarSyntaxError('no BEGIN:VCALENDAR found', 1, 1);
  });
  return calendarWithEvents(calendar, events);
}

/** Writes components as iCalendar text: CRLF line ends, TEXT escaping, lines folded at 75 octets. */
export function componentsToICalendar(components: Component[]): string {
  return components.map(formatComponent).join('');
}

/**
 * Writes a Calendar as iCalendar text (RFC 5545): CRLF line ends, TEXT escaping, lines folded at
 * 75 octets without splitting a UTF-8 sequence, VALUE= only where the type is not the default.
 * @throws ValueError when an event lacks uid or start, or a value is malformed.
 */
export function toICalendar(calendar: Calendar, options?: WriteOptions): string {
  return formatComponent(calendarToComponent(calendar, options));
}

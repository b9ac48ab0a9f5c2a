// The jCal entry points (RFC 7265): JSON ↔ Calendar, and JSON ↔ components.
import {
  calendarFromComponent,
  calendarToComponent,
  firstCalendar,
  type WriteOptions,
} from '../calendar-view.js';
import { JCalError } from '../errors.js';
import type { ReadOptions } from '../limits.js';
import type { Calendar, CalendarInput } from '../model.js';
import { readJCalComponents } from './parse.js';
import { componentsToJCal, type JCalComponent } from './write.js';

/**
 * Reads jCal (RFC 7265), given as JSON text or as the parsed array, into a Calendar.
 * @throws {JCalError} with a JSON path (`$[2][0][1][3]`) on a wrong shape or value.
 * @throws {ValueError} for a VEVENT without UID or DTSTART.
 * @throws {LimitExceededError} past a limit.
 */
export function parseJCal(json: string | unknown[], options?: ReadOptions): Calendar {
  const calendar = firstCalendar(readJCalComponents(json, options), options, () => {
    throw new JCalError('no "vcalendar" component', '$');
  });
  return calendarFromComponent(calendar);
}

/**
 * Writes a Calendar as jCal (RFC 7265): `["vcalendar", [properties], [components]]`, ready for `JSON.stringify`.
 * @throws {ValueError} when an event lacks uid or start, or a value is malformed.
 */
export function toJCal(calendar: CalendarInput, options?: WriteOptions): JCalComponent {
  return componentsToJCal([calendarToComponent(calendar, options)])[0] as JCalComponent;
}

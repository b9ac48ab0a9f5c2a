// The jCal entry points: JSON ↔ Calendar (RFC 7265).
import { calendarFromComponent, calendarToComponent, type WriteOptions } from './calendar.js';
import { JCalError } from './errors.js';
import { firstCalendar } from './icalendar.js';
import { readJCalComponents } from './jcal/parse.js';
import { componentToJCal, type JCalComponent } from './jcal/write.js';
import type { ReadOptions } from './limits.js';
import type { Calendar } from './model.js';

/**
 * Reads jCal (RFC 7265), given as JSON text or as the parsed array, into a Calendar.
 * @throws JCalError with a JSON path (`$[2][0][1][3]`) on a wrong shape or value, LimitError past a limit.
 */
export function parseJCal(json: string | unknown[], options?: ReadOptions): Calendar {
  const calendar = firstCalendar(readJCalComponents(json, options), options, () => {
    throw new JCalError('no "vcalendar" component', '$');
  });
  return calendarFromComponent(calendar);
}

/** Writes a Calendar as jCal (RFC 7265): `["vcalendar", [properties], [components]]`, ready for `JSON.stringify`. */
export function toJCal(calendar: Calendar, options?: WriteOptions): JCalComponent {
  return componentToJCal(calendarToComponent(calendar, options));
}

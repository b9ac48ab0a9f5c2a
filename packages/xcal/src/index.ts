// The public surface of @convene/xcal: re-exports only.

/** Writer options shared by every format: default DTSTAMP, VTIMEZONE generation. */
export type { WriteOptions } from './calendar.js';
/** Converting between the component tree and the typed model. */
export {
  calendarFromComponent,
  calendarToComponent,
  eventFromComponent,
  eventToComponent,
} from './calendar.js';

/** Error classes, each with a stable `code`: ICAL_SYNTAX, XML_SYNTAX, XML_DOCTYPE, XML_SHAPE, JCAL_SHAPE, INVALID_VALUE, LIMIT_EXCEEDED, SINK_CLOSED. */
export {
  ICalendarSyntaxError,
  JCalError,
  LimitError,
  SinkClosedError,
  ValueError,
  XcalError,
  XmlError,
} from './errors.js';
/** RFC 5545 §3.1 line folding and §3.3.11 TEXT escaping, for callers writing content lines themselves. */
export { escapeText, unescapeText } from './ical/escape.js';
export { foldLine } from './ical/fold.js';
/** The component-level iCalendar reader (every top-level component, order kept). */
export { readICalendarComponents } from './ical/parse.js';
/** RFC 5545 iCalendar: `parseICalendar(text)` → Calendar, `toICalendar(calendar)` → text (CRLF, escaped, folded at 75 octets). */
export { componentsToICalendar, parseICalendar, toICalendar } from './icalendar.js';
/** The component-level jCal reader and writer. */
export { readJCalComponents } from './jcal/parse.js';
export { componentToJCal, type JCalComponent, type JCalProperty } from './jcal/write.js';
/** RFC 7265 jCal: `parseJCal(json)`, `toJCal(calendar)` (an array ready for JSON.stringify). */
export { parseJCal, toJCal } from './jcal.js';
/** Reader limits and options (sizes, depth, counts, warnings) and their defaults. */
export { DEFAULT_LIMITS, type ReadLimits, type ReadOptions } from './limits.js';
/** The calendar model: typed views (`Calendar`, `CalendarEvent`) over a lossless component tree. */
export type {
  Calendar,
  CalendarEvent,
  CalendarTime,
  CalendarUser,
  Component,
  Parameters,
  Period,
  Property,
  PropertyValue,
  Recur,
  ValueType,
} from './model.js';
/** Streaming writers: iCalendar or xCal of any size to a WritableStream or Node stream, event by event. */
export {
  type CalendarHeader,
  type CalendarSink,
  type StreamOptions,
  writeICalendar,
  writeXCal,
} from './stream.js';
/** A VTIMEZONE for an IANA zone, built from the platform's Intl data. */
export { generateVTimezone } from './timezone.js';
/** RFC 6321 and legacy xCal: `parseXCal(xml)` (flavour detected), `toXCal(calendar, { flavour })`. */
export {
  componentsToXCal,
  parseXCal,
  readXCal,
  toXCal,
  type XCalFlavour,
  type XCalWriteOptions,
} from './xcal.js';

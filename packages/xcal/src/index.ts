/**
 * Calendars in the formats conference tools exchange, read and written through one model:
 * iCalendar (RFC 5545), xCal (RFC 6321) and the legacy FOSDEM/Pentabarf xCal, and jCal (RFC 7265).
 *
 * Each format has `parse…(text) → Calendar` and `to…(calendar) → text`; beneath the typed model,
 * `read…Components` and `componentsTo…` work on the lossless component tree. Readers take
 * `{ limits, onWarning }` and throw an {@link XcalError} subclass, with a stable `code`, for bad input.
 *
 * @packageDocumentation
 */

/** Writer options shared by every format: default DTSTAMP, VTIMEZONE generation. */
export type { WriteOptions } from './calendar-view.js';
/** Between a VCALENDAR component and the typed Calendar. */
export { calendarFromComponent, calendarToComponent } from './calendar-view.js';
/** Errors, each with a stable `code` from {@link XcalErrorCode}. */
export {
  ICalendarSyntaxError,
  JCalError,
  LimitExceededError,
  SinkClosedError,
  ValueError,
  XcalError,
  type XcalErrorCode,
  XmlError,
} from './errors.js';
/** Between a VEVENT component and the typed CalendarEvent. */
export { eventFromComponent, eventToComponent } from './event-view.js';
/** RFC 5545 §3.1 line folding and §3.3.11 TEXT escaping, for callers writing content lines themselves. */
export { escapeText, unescapeText } from './ical/escape.js';
/** RFC 5545 §3.1 line folding at 75 octets, never inside a UTF-8 sequence. */
export { foldLine } from './ical/fold.js';
/** RFC 5545 iCalendar: text ↔ Calendar, and text ↔ components. */
export {
  componentsToICalendar,
  parseICalendar,
  readICalendarComponents,
  toICalendar,
} from './ical/icalendar.js';
/** RFC 7265 jCal: JSON ↔ Calendar, and JSON ↔ components. */
export { parseJCal, toJCal } from './jcal/jcal.js';
/** The jCal component reader. */
export { readJCalComponents } from './jcal/parse.js';
/** The jCal component writer and the shapes of its arrays. */
export { componentsToJCal, type JCalComponent, type JCalProperty } from './jcal/write.js';
/** Reader limits and options, and their defaults. */
export { DEFAULT_LIMITS, type ReadLimits, type ReadOptions } from './limits.js';
/** The calendar model: typed views (`Calendar`, `CalendarEvent`) over a lossless component tree. */
export type {
  Calendar,
  CalendarEvent,
  CalendarEventInput,
  CalendarInput,
  CalendarTime,
  CalendarUser,
  Component,
  Parameters,
  Period,
  Property,
  PropertyValue,
  Recur,
  TimeInput,
  ValueType,
} from './model.js';
/** Recurrence expansion: the occurrences of RRULE, RDATE and EXDATE within a window. */
export { type ExpandOptions, expandEvent, type Occurrence } from './occurrences.js';
/** Streaming writers: iCalendar or xCal of any size to a WritableStream or Node stream, event by event. */
export {
  type CalendarHeader,
  type CalendarSink,
  type NodeWritable,
  type StreamOptions,
  writeICalendar,
  writeXCal,
} from './stream.js';
/** Times from Dates and ISO 8601 / RFC 9557 strings, and back to Dates. */
export { type ToDateOptions, toCalendarTime, toDate } from './times.js';
/** A VTIMEZONE for an IANA zone, built from the platform's Intl data. */
export { generateVTimezone } from './vtimezone.js';
/** The one rule for text every writer can carry, to check input before storing it. */
export { assertWritableText, isWritableText } from './writable-text.js';
/** RFC 6321 and legacy xCal: XML ↔ Calendar (flavour detected on reading), and XML ↔ components. */
export {
  componentsToXCal,
  parseXCal,
  readXCalComponents,
  toXCal,
  type XCalFlavour,
  type XCalWriteOptions,
  xcalFlavour,
} from './xcal/xcal.js';

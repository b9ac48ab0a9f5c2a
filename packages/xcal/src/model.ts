// The calendar model every format reads into and writes from: a lossless component tree (what
// RFC 6321 and RFC 7265 map one to one) under typed views with the fields conference tools use.

/** Value types of RFC 5545 §3.3, spelled as RFC 6321 element names, plus `unknown` (RFC 6321 §5). */
export type ValueType =
  | 'binary'
  | 'boolean'
  | 'cal-address'
  | 'date'
  | 'date-time'
  | 'duration'
  | 'float'
  | 'integer'
  | 'period'
  | 'recur'
  | 'text'
  | 'time'
  | 'uri'
  | 'utc-offset'
  | 'unknown';

/** A PERIOD (RFC 5545 §3.3.9): start and either end or duration, in xCal lexical form. */
export interface Period {
  start: string;
  end?: string;
  duration?: string;
}

/** A RECUR value (RFC 5545 §3.3.10); list parts are arrays, numbers are numbers. */
export interface Recur {
  freq: 'SECONDLY' | 'MINUTELY' | 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
  /** A DATE (`2026-01-31`) or DATE-TIME (`2026-01-31T09:00:00Z`) in xCal lexical form. */
  until?: string;
  count?: number;
  interval?: number;
  bysecond?: number[];
  byminute?: number[];
  byhour?: number[];
  /** Weekdays with an optional ordinal: `MO`, `1SU`, `-1FR`. */
  byday?: string[];
  bymonthday?: number[];
  byyearday?: number[];
  byweekno?: number[];
  bymonth?: number[];
  bysetpos?: number[];
  wkst?: string;
}

/**
 * One value of a property, as jCal (RFC 7265 §3.6) holds it: strings in the xCal lexical forms
 * (`2026-01-31`, `2026-01-31T09:00:00Z`, `-05:00`, `PT30M`), numbers and booleans as such, a
 * PERIOD or RECUR as an object, and the structured values of GEO (`[lat, lon]`) and
 * REQUEST-STATUS (`[code, description, data?]`) as arrays.
 */
export type PropertyValue = string | number | boolean | Period | Recur | number[] | string[];

/** Parameter values by lowercase name; a multi-valued parameter is an array. */
export type Parameters = Record<string, string | string[]>;

/** A property: lowercase name, parameters, value type and one or more values. */
export interface Property {
  name: string;
  parameters: Parameters;
  type: ValueType;
  values: PropertyValue[];
}

/** A component (`vcalendar`, `vevent`, `vtimezone`, `valarm`, …) with its properties and children. */
export interface Component {
  name: string;
  properties: Property[];
  components: Component[];
}

/**
 * A DATE or DATE-TIME in xCal lexical form (RFC 6321 §3.6.4-5):
 * - `2026-01-31` — a date without time: all-day;
 * - `2026-01-31T09:00:00Z` — UTC;
 * - `2026-01-31T09:00:00` — floating, or local to `tzid` when it is set.
 */
export interface CalendarTime {
  value: string;
  tzid?: string;
}

/** A calendar user (ORGANIZER, ATTENDEE): a CAL-ADDRESS URI (or, from legacy xCal, a name) and its parameters (`cn`, `role`, `partstat`, `rsvp`, …). */
export interface CalendarUser {
  address: string;
  parameters: Parameters;
}

/** A VEVENT (RFC 5545 §3.6.1) with the fields conference schedules use; the rest is kept in `properties` and `components`. */
export interface CalendarEvent {
  uid: string;
  dtstamp?: CalendarTime;
  start: CalendarTime;
  end?: CalendarTime;
  /** An RFC 5545 duration: `PT30M`, `P1DT2H`, `-PT15M`, `P2W`. */
  duration?: string;
  summary?: string;
  description?: string;
  class?: string;
  status?: string;
  categories?: string[];
  url?: string;
  location?: string;
  organizer?: CalendarUser;
  attendees?: CalendarUser[];
  rrule?: Recur;
  rdate?: CalendarTime[];
  exdate?: CalendarTime[];
  recurrenceId?: CalendarTime;
  sequence?: number;
  created?: CalendarTime;
  lastModified?: CalendarTime;
  /** Parameters of the properties behind the fields above, by lowercase property name (`summary: { language: 'en' }`); TZID lives in each CalendarTime instead. */
  parameters?: Record<string, Parameters>;
  /** Properties the fields above do not hold (x- properties, GEO, ATTACH, …), kept as read. */
  properties?: Property[];
  /** Nested components (VALARM), kept as read. */
  components?: Component[];
}

/** A VCALENDAR (RFC 5545 §3.4, §3.7) with its events; time zones and other components are kept. */
export interface Calendar {
  prodid: string;
  version: string;
  method?: string;
  calscale?: string;
  /** X-WR-CALNAME */
  name?: string;
  /** X-WR-CALDESC */
  description?: string;
  /** X-WR-TIMEZONE: the calendar's default time zone (an IANA name). */
  timezone?: string;
  events: CalendarEvent[];
  /** VTIMEZONE components, kept as read or generated. */
  timezones?: Component[];
  /** Other components (VTODO, VJOURNAL, VFREEBUSY, …), kept as read. */
  components?: Component[];
  /** Calendar properties the fields above do not hold, kept as read. */
  properties?: Property[];
}

/**
 * A time as the writers accept it: a {@link CalendarTime}; a `Date` (an instant, written in UTC to
 * the second); or a string in ISO 8601 / RFC 3339 form (`2026-01-31`, `2026-01-31T10:00:00`,
 * `2026-01-31T10:00:00.000Z` as `toISOString()` gives, `2026-01-31T10:00:00+01:00`, turned into UTC)
 * or RFC 9557 form as Temporal writes it (`2026-01-31T10:00:00+01:00[Europe/Brussels]`, which keeps
 * the zone as TZID). Fractions of a second are dropped: RFC 5545 times have none.
 */
export type TimeInput = CalendarTime | Date | string;

/** A CalendarEvent as the writers accept it: its times may be any {@link TimeInput}. */
export interface CalendarEventInput
  extends Omit<
    CalendarEvent,
    'dtstamp' | 'start' | 'end' | 'recurrenceId' | 'created' | 'lastModified' | 'rdate' | 'exdate'
  > {
  dtstamp?: TimeInput;
  start: TimeInput;
  end?: TimeInput;
  recurrenceId?: TimeInput;
  created?: TimeInput;
  lastModified?: TimeInput;
  rdate?: TimeInput[];
  exdate?: TimeInput[];
}

/** A Calendar as the writers accept it: `prodid` and `version` may be left out, events take any {@link TimeInput}. */
export interface CalendarInput extends Omit<Calendar, 'prodid' | 'version' | 'events'> {
  /** Default `-//Convene//@convene/xcal//EN`. */
  prodid?: string;
  /** Default `2.0`. */
  version?: string;
  events: CalendarEventInput[];
}

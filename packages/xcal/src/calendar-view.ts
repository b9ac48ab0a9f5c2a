// The typed view of a VCALENDAR: its properties ↔ the Calendar fields, its VEVENTs ↔ events, the
// rest kept as read; and the options every writer takes.
import { eventFromComponent, eventToComponent, textProperty } from './event-view.js';
import type { ReadOptions } from './limits.js';
import type {
  Calendar,
  CalendarEvent,
  CalendarInput,
  CalendarTime,
  Component,
  Property,
} from './model.js';
import { eventFromInput } from './times.js';
import { generateVTimezone } from './vtimezone.js';

const CALENDAR_TEXT = {
  prodid: 'prodid',
  version: 'version',
  method: 'method',
  calscale: 'calscale',
  'x-wr-calname': 'name',
  'x-wr-caldesc': 'description',
  'x-wr-timezone': 'timezone',
} as const;

/** Picks the first VCALENDAR of a stream (RFC 5545 §3.4), warning when there are more; `fail` throws the reader's own error. */
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
 * Reads a VCALENDAR component (RFC 5545 §3.4) into a Calendar.
 * @throws {ValueError} when a VEVENT has no UID or DTSTART.
 */
export function calendarFromComponent(component: Component): Calendar {
  return calendarWithEvents(component, []);
}

/** {@link calendarFromComponent} for a VCALENDAR whose first `events` were read already. */
export function calendarWithEvents(component: Component, events: CalendarEvent[]): Calendar {
  const calendar: Calendar & { [key: string]: unknown } = { prodid: '', version: '', events };
  const seen = new Set<string>();
  const rest: Property[] = [];
  for (const property of component.properties) {
    const field = Object.hasOwn(CALENDAR_TEXT, property.name)
      ? CALENDAR_TEXT[property.name as keyof typeof CALENDAR_TEXT]
      : undefined;
    const value = property.values.length === 1 ? property.values[0] : undefined;
    if (
      field &&
      !seen.has(field) &&
      typeof value === 'string' &&
      property.type === 'text' &&
      Object.keys(property.parameters).length === 0
    ) {
      calendar[field] = value;
      seen.add(field);
    } else rest.push(property);
  }
  const timezones: Component[] = [];
  const others: Component[] = [];
  for (const child of component.components) {
    if (child.name === 'vevent') calendar.events.push(eventFromComponent(child));
    else if (child.name === 'vtimezone') timezones.push(child);
    else others.push(child);
  }
  if (timezones.length > 0) calendar.timezones = timezones;
  if (others.length > 0) calendar.components = others;
  if (rest.length > 0) calendar.properties = rest;
  return calendar;
}

/** Options of the writers. */
export interface WriteOptions {
  /** DTSTAMP for events that have none (RFC 5545 §3.6.1 requires one). Default: the time of writing. */
  dtstamp?: Date;
  /**
   * `generate`: add a VTIMEZONE, built from the platform's `Intl` data, for each TZID the events
   * use that `calendar.timezones` does not define, covering the years of the events. Default `keep`.
   */
  timezones?: 'keep' | 'generate';
}

/** `2026-01-31T09:00:00Z` for a Date, seconds precision. */
function utcStamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** PRODID of calendars that give none (RFC 5545 §3.7.3 requires one). */
export const DEFAULT_PRODID = '-//Convene//@convene/xcal//EN';

/** The calendar with PRODID and VERSION (RFC 5545 §3.6), defaulted where it has none. */
export function withIdentity<T extends Omit<CalendarInput, 'events'>>(
  calendar: T,
): T & { prodid: string; version: string } {
  if (calendar.prodid !== undefined && calendar.version !== undefined)
    return calendar as T & { prodid: string; version: string };
  return {
    ...calendar,
    prodid: calendar.prodid ?? DEFAULT_PRODID,
    version: calendar.version ?? '2.0',
  };
}

/** The VCALENDAR properties of a calendar (everything but its components). */
function calendarProperties(input: Omit<CalendarInput, 'events'>): Property[] {
  const calendar = withIdentity(input);
  const props: Property[] = [];
  for (const [name, field] of Object.entries(CALENDAR_TEXT)) {
    const value = calendar[field];
    if (value !== undefined) props.push(textProperty(name, value));
  }
  if (calendar.properties) props.push(...calendar.properties);
  return props;
}

/** A calendar as every writer lays it out, with its events' times in the model's form. */
export interface CalendarLayout {
  /** The VCALENDAR properties. */
  properties: Property[];
  /** The components written before the events: time zones, given and generated. */
  before: Component[];
  events: CalendarEvent[];
  /** The components written after the events. */
  after: Component[];
  /** The DTSTAMP of events that have none. */
  stamp: string;
}

/**
 * Lays a Calendar out for writing: time zones first, then events, then other components.
 * @throws {ValueError} when an event time is malformed or a TZID to generate is unknown.
 */
export function calendarLayout(
  calendar: CalendarInput,
  options: WriteOptions = {},
): CalendarLayout {
  const timezones = calendar.timezones ?? [];
  const events = calendar.events.map(eventFromInput);
  return {
    properties: calendarProperties(calendar),
    before:
      options.timezones === 'generate'
        ? [...timezones, ...missingTimezones(events, timezones)]
        : timezones,
    events,
    after: calendar.components ?? [],
    stamp: utcStamp(options.dtstamp ?? new Date()),
  };
}

/** The text before and after a calendar's events, as one writer spells it. */
export interface CalendarFrame {
  head: string;
  tail: string;
}

/**
 * A whole calendar's text: the frame's head, each event as `writeEvent` writes it, then the
 * frame's tail, joined once. Each event is written straight from its fields, never made into a
 * component first.
 */
export function joinCalendar(
  layout: CalendarLayout,
  frame: CalendarFrame,
  writeEvent: (event: CalendarEvent, stamp: string) => string,
): string {
  const parts = [frame.head];
  for (const event of layout.events) parts.push(writeEvent(event, layout.stamp));
  parts.push(frame.tail);
  return parts.join('');
}

/**
 * Writes a Calendar as a VCALENDAR component: time zones first, then events, then other components.
 * @throws {ValueError} when an event lacks uid or start, a time or value is malformed, or a TZID to generate is unknown.
 */
export function calendarToComponent(
  calendar: CalendarInput,
  options: WriteOptions = {},
): Component {
  const { properties, before, events, after, stamp } = calendarLayout(calendar, options);
  return {
    name: 'vcalendar',
    properties,
    components: [...before, ...events.map((e) => eventToComponent(e, stamp)), ...after],
  };
}

/** VTIMEZONEs for the TZIDs events use and `known` lacks, over the years the events span. */
function missingTimezones(events: CalendarEvent[], known: Component[]): Component[] {
  const defined = new Set(
    known.map((tz) => tz.properties.find((p) => p.name === 'tzid')?.values[0]),
  );
  const years = new Map<string, [number, number]>();
  const note = (time: CalendarTime | undefined) => {
    if (!time?.tzid || defined.has(time.tzid)) return;
    const year = Number(time.value.slice(0, 4));
    const range = years.get(time.tzid);
    years.set(
      time.tzid,
      range ? [Math.min(range[0], year), Math.max(range[1], year)] : [year, year],
    );
  };
  for (const event of events) {
    note(event.start);
    note(event.end);
    note(event.recurrenceId);
    for (const time of [...(event.rdate ?? []), ...(event.exdate ?? [])]) note(time);
  }
  return [...years].map(([tzid, [from, to]]) => generateVTimezone(tzid, from, to));
}

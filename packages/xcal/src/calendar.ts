// The typed views: a VCALENDAR component ↔ Calendar, a VEVENT ↔ CalendarEvent. Whatever a field
// cannot hold stays in `properties` / `components`, so nothing read is lost.
import { ValueError } from './errors.js';
import type {
  Calendar,
  CalendarEvent,
  CalendarTime,
  CalendarUser,
  Component,
  Parameters,
  Property,
  PropertyValue,
  Recur,
} from './model.js';
import { generateVTimezone } from './timezone.js';
import { checkDate, checkDuration, isDate } from './values.js';

type TextField = 'summary' | 'description' | 'class' | 'status' | 'url' | 'location';
type TimeField = 'dtstamp' | 'start' | 'end' | 'recurrenceId' | 'created' | 'lastModified';

const TEXT_FIELDS: Record<string, TextField> = {
  summary: 'summary',
  description: 'description',
  class: 'class',
  status: 'status',
  url: 'url',
  location: 'location',
};
const TIME_FIELDS: Record<string, TimeField> = {
  dtstamp: 'dtstamp',
  dtstart: 'start',
  dtend: 'end',
  'recurrence-id': 'recurrenceId',
  created: 'created',
  'last-modified': 'lastModified',
};
const CALENDAR_TEXT = {
  prodid: 'prodid',
  version: 'version',
  method: 'method',
  calscale: 'calscale',
  'x-wr-calname': 'name',
  'x-wr-caldesc': 'description',
  'x-wr-timezone': 'timezone',
} as const;

function isEmpty(record: object): boolean {
  for (const _ in record) return false;
  return true;
}

function single(property: Property): PropertyValue | undefined {
  return property.values.length === 1 ? property.values[0] : undefined;
}

function timeOf(property: Property): CalendarTime | undefined {
  const value = single(property);
  if ((property.type !== 'date' && property.type !== 'date-time') || typeof value !== 'string')
    return undefined;
  const tzid = property.parameters.tzid;
  if (tzid !== undefined && typeof tzid !== 'string') return undefined;
  return tzid === undefined ? { value } : { value, tzid };
}

function withoutTzid(parameters: Parameters): Parameters {
  for (const key in parameters) {
    if (key !== 'tzid') {
      const { tzid: _, ...rest } = parameters;
      return rest;
    }
  }
  return EMPTY;
}

/** Returned for "no other parameters"; never stored in a model. */
const EMPTY: Parameters = Object.freeze({});

/** Records a property's parameters under its name, when it has any; the map is made on first use. */
function keepParameters(
  kept: Record<string, Parameters> | undefined,
  name: string,
  parameters: Parameters,
): Record<string, Parameters> | undefined {
  if (isEmpty(parameters)) return kept;
  const out = kept ?? {};
  out[name] = parameters;
  return out;
}

/** Adds a property to those kept as they are; the list is made on first use. */
function keepProperty(kept: Property[] | undefined, property: Property): Property[] {
  const out = kept ?? [];
  out.push(property);
  return out;
}

/** Reads a VEVENT component into a CalendarEvent. */
export function eventFromComponent(component: Component): CalendarEvent {
  const event: Partial<CalendarEvent> & { [key: string]: unknown } = {};
  // Allocated only when needed: most events have neither extra parameters nor extra properties.
  let parameters: Record<string, Parameters> | undefined;
  let rest: Property[] | undefined;
  const attendees: CalendarUser[] = [];
  for (const property of component.properties) {
    const { name } = property;
    const value = single(property);
    const textField = Object.hasOwn(TEXT_FIELDS, name) ? TEXT_FIELDS[name] : undefined;
    const timeField = Object.hasOwn(TIME_FIELDS, name) ? TIME_FIELDS[name] : undefined;
    const time = timeField ? timeOf(property) : undefined;
    const fitsText =
      typeof value === 'string' && property.type === (name === 'url' ? 'uri' : 'text');
    if (textField && fitsText && event[textField] === undefined) {
      event[textField] = value;
      parameters = keepParameters(parameters, name, property.parameters);
    } else if (
      name === 'uid' &&
      typeof value === 'string' &&
      event.uid === undefined &&
      isEmpty(property.parameters)
    ) {
      event.uid = value;
    } else if (timeField && event[timeField] === undefined && time) {
      event[timeField] = time;
      parameters = keepParameters(parameters, name, withoutTzid(property.parameters));
    } else if (
      name === 'duration' &&
      property.type === 'duration' &&
      typeof value === 'string' &&
      !event.duration
    ) {
      event.duration = value;
      parameters = keepParameters(parameters, name, property.parameters);
    } else if (
      name === 'sequence' &&
      typeof value === 'number' &&
      event.sequence === undefined &&
      isEmpty(property.parameters)
    ) {
      event.sequence = value;
    } else if (
      name === 'rrule' &&
      property.type === 'recur' &&
      !event.rrule &&
      isEmpty(property.parameters) &&
      value
    ) {
      event.rrule = value as Recur;
    } else if (name === 'categories' && property.type === 'text' && !parameters?.categories) {
      event.categories = [...(event.categories ?? []), ...(property.values as string[])];
      parameters = keepParameters(parameters, name, property.parameters);
    } else if (
      (name === 'organizer' || name === 'attendee') &&
      property.type === 'cal-address' &&
      typeof value === 'string'
    ) {
      const user: CalendarUser = { address: value, parameters: property.parameters };
      if (name === 'attendee') {
        attendees.push(user);
      } else if (!event.organizer) event.organizer = user;
      else rest = keepProperty(rest, property);
    } else if (
      (name === 'rdate' || name === 'exdate') &&
      (property.type === 'date' || property.type === 'date-time')
    ) {
      const tzid = property.parameters.tzid;
      const others = withoutTzid(property.parameters);
      if (!isEmpty(others) || (tzid !== undefined && typeof tzid !== 'string'))
        rest = keepProperty(rest, property);
      else {
        const list = ((event[name] as CalendarTime[] | undefined) ?? []) as CalendarTime[];
        for (const v of property.values as string[])
          list.push(tzid === undefined ? { value: v } : { value: v, tzid });
        event[name] = list;
      }
    } else rest = keepProperty(rest, property);
  }
  if (event.uid === undefined) throw new ValueError('VEVENT without a UID (RFC 5545 §3.6.1)');
  if (event.start === undefined) throw new ValueError(`VEVENT ${event.uid} without a DTSTART`);
  if (attendees.length > 0) event.attendees = attendees;
  if (parameters) event.parameters = parameters;
  if (rest) event.properties = rest;
  if (component.components.length > 0) event.components = component.components;
  return event as CalendarEvent;
}

/** Reads a VCALENDAR component into a Calendar. */
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
    const value = single(property);
    if (
      field &&
      !seen.has(field) &&
      typeof value === 'string' &&
      property.type === 'text' &&
      isEmpty(property.parameters)
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

function textProperty(name: string, value: string, parameters: Parameters = {}): Property {
  return { name, parameters, type: name === 'url' ? 'uri' : 'text', values: [value] };
}

function timeProperty(name: string, time: CalendarTime, parameters: Parameters = {}): Property {
  checkDate(time.value, name.toUpperCase());
  return {
    name,
    parameters: time.tzid === undefined ? parameters : { tzid: time.tzid, ...parameters },
    type: isDate(time.value) ? 'date' : 'date-time',
    values: [time.value],
  };
}

/** Groups times by TZID and kind so each RDATE/EXDATE property holds values of one type and zone. */
function timeListProperties(name: string, times: CalendarTime[]): Property[] {
  const groups = new Map<string, Property>();
  for (const time of times) {
    const key = `${time.tzid ?? ''}|${isDate(time.value)}`;
    const existing = groups.get(key);
    if (existing) existing.values.push(checkDate(time.value, name.toUpperCase()));
    else groups.set(key, timeProperty(name, time));
  }
  return [...groups.values()];
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
export function utcStamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * Writes a CalendarEvent as a VEVENT component; an event without dtstamp gets `stamp`.
 * @throws ValueError when uid or start is missing or malformed.
 */
export function eventToComponent(event: CalendarEvent, stamp?: string): Component {
  if (typeof event.uid !== 'string' || event.uid === '')
    throw new ValueError('event without a uid');
  if (!event.start) throw new ValueError(`event ${event.uid} without a start`);
  const p = event.parameters ?? {};
  const props: Property[] = [textProperty('uid', event.uid)];
  const time = (name: string, t: CalendarTime | undefined) => {
    if (t) props.push(timeProperty(name, t, p[name]));
  };
  const text = (name: TextField) => {
    const value = event[name];
    if (value !== undefined) props.push(textProperty(name, value, p[name]));
  };
  time('dtstamp', event.dtstamp ?? (stamp === undefined ? undefined : { value: stamp }));
  time('dtstart', event.start);
  time('dtend', event.end);
  if (event.duration !== undefined)
    props.push({
      name: 'duration',
      parameters: p.duration ?? {},
      type: 'duration',
      values: [checkDuration(event.duration, 'DURATION')],
    });
  for (const name of ['summary', 'description', 'class', 'status'] as const) text(name);
  if (event.categories && event.categories.length > 0)
    props.push({
      name: 'categories',
      parameters: p.categories ?? {},
      type: 'text',
      values: [...event.categories],
    });
  text('url');
  text('location');
  if (event.organizer)
    props.push({
      name: 'organizer',
      parameters: event.organizer.parameters,
      type: 'cal-address',
      values: [event.organizer.address],
    });
  for (const user of event.attendees ?? [])
    props.push({
      name: 'attendee',
      parameters: user.parameters,
      type: 'cal-address',
      values: [user.address],
    });
  if (event.rrule)
    props.push({ name: 'rrule', parameters: {}, type: 'recur', values: [event.rrule] });
  if (event.rdate) props.push(...timeListProperties('rdate', event.rdate));
  if (event.exdate) props.push(...timeListProperties('exdate', event.exdate));
  time('recurrence-id', event.recurrenceId);
  if (event.sequence !== undefined)
    props.push({ name: 'sequence', parameters: {}, type: 'integer', values: [event.sequence] });
  time('created', event.created);
  time('last-modified', event.lastModified);
  if (event.properties) props.push(...event.properties);
  return { name: 'vevent', properties: props, components: event.components ?? [] };
}

/** The VCALENDAR properties of a calendar (everything but its components). */
export function calendarProperties(calendar: Omit<Calendar, 'events'>): Property[] {
  const props: Property[] = [];
  for (const [name, field] of Object.entries(CALENDAR_TEXT)) {
    const value = calendar[field];
    if (value !== undefined) props.push(textProperty(name, value));
  }
  if (calendar.properties) props.push(...calendar.properties);
  return props;
}

/** Writes a Calendar as a VCALENDAR component: time zones first, then events, then other components. */
export function calendarToComponent(calendar: Calendar, options: WriteOptions = {}): Component {
  const stamp = utcStamp(options.dtstamp ?? new Date());
  const timezones = calendar.timezones ?? [];
  return {
    name: 'vcalendar',
    properties: calendarProperties(calendar),
    components: [
      ...timezones,
      ...(options.timezones === 'generate' ? missingTimezones(calendar.events, timezones) : []),
      ...calendar.events.map((e) => eventToComponent(e, stamp)),
      ...(calendar.components ?? []),
    ],
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

// The typed view of a VEVENT: each property the CalendarEvent fields hold has a field reader in one
// table, and whatever no reader takes stays in `properties`, so nothing read is lost.
import { ValueError } from './errors.js';
import { checkDate, checkDuration, isDate } from './lexical-forms.js';
import type {
  CalendarEvent,
  CalendarEventInput,
  CalendarTime,
  CalendarUser,
  Component,
  Parameters,
  Property,
  PropertyValue,
  ValueType,
} from './model.js';
import { eventFromInput } from './times.js';

/**
 * A CalendarEvent as its properties are read, with the parameters and attendees gathered so far:
 * started by {@link startEvent}, fed by {@link readEventField}, ended by {@link finishEvent}.
 */
export interface Draft {
  event: Partial<CalendarEvent>;
  /** The same object as `event`, for the readers that set a field by name. */
  fields: Record<string, unknown>;
  /** Made on first use: most events have no parameters but those of their attendees. */
  parameters: Record<string, Parameters> | undefined;
  attendees: CalendarUser[] | undefined;
}

/**
 * Takes a property into the draft and returns true, or returns false to leave it in `properties`.
 * A reader keeps no reference to the property or its `values` (a reader of text may hand the same
 * object over again with other contents), only to its `parameters`.
 */
type FieldReader = (draft: Draft, property: Property) => boolean;

function isEmpty(record: object): boolean {
  for (const _ in record) return false;
  return true;
}

function single(property: Property): PropertyValue | undefined {
  return property.values.length === 1 ? property.values[0] : undefined;
}

/**
 * "No parameters": shared by the properties the writers make and by those a reader hands to
 * {@link readEventField}, and never changed; a CalendarUser gets its own object instead.
 */
export const EMPTY: Parameters = Object.freeze({});

/** The parameters of a property, as an object the event may hand out: never the shared {@link EMPTY}. */
function ownParameters(property: Property): Parameters {
  return property.parameters === EMPTY ? {} : property.parameters;
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

/** Records a property's parameters under its name, when it has any. */
function keepParameters(draft: Draft, name: string, parameters: Parameters): void {
  if (isEmpty(parameters)) return;
  draft.parameters ??= {};
  draft.parameters[name] = parameters;
}

/** SUMMARY, DESCRIPTION, …: the first one-valued property of the expected type. */
function textField(field: keyof CalendarEvent, type: ValueType): FieldReader {
  return (draft, property) => {
    const value = single(property);
    if (typeof value !== 'string' || property.type !== type || draft.fields[field] !== undefined)
      return false;
    draft.fields[field] = value;
    keepParameters(draft, property.name, property.parameters);
    return true;
  };
}

/** DTSTART, DTEND, …: the first DATE or DATE-TIME; its TZID goes into the CalendarTime. */
function timeField(field: keyof CalendarEvent): FieldReader {
  return (draft, property) => {
    const value = single(property);
    if (draft.fields[field] !== undefined || typeof value !== 'string') return false;
    if (property.type !== 'date' && property.type !== 'date-time') return false;
    const tzid = property.parameters.tzid;
    if (tzid !== undefined && typeof tzid !== 'string') return false;
    draft.fields[field] = tzid === undefined ? { value } : { value, tzid };
    keepParameters(draft, property.name, withoutTzid(property.parameters));
    return true;
  };
}

/** UID, SEQUENCE, RRULE: the first one, when it has no parameters the field could not keep. */
function bareField(field: keyof CalendarEvent, type: ValueType): FieldReader {
  return (draft, property) => {
    const value = single(property);
    if (value === undefined || property.type !== type || draft.fields[field] !== undefined)
      return false;
    if (!isEmpty(property.parameters)) return false;
    draft.fields[field] = value;
    return true;
  };
}

const readCategories: FieldReader = (draft, property) => {
  // Parameters are kept per property name, so a second CATEGORIES with other parameters stays apart.
  if (property.type !== 'text' || draft.parameters?.categories) return false;
  const values = property.values as string[];
  draft.event.categories = draft.event.categories?.concat(values) ?? values.slice();
  keepParameters(draft, property.name, property.parameters);
  return true;
};

const readAttendee: FieldReader = (draft, property) => {
  const value = single(property);
  if (property.type !== 'cal-address' || typeof value !== 'string') return false;
  draft.attendees ??= [];
  draft.attendees.push({ address: value, parameters: ownParameters(property) });
  return true;
};

const readOrganizer: FieldReader = (draft, property) => {
  const value = single(property);
  if (property.type !== 'cal-address' || typeof value !== 'string' || draft.event.organizer)
    return false;
  draft.event.organizer = { address: value, parameters: ownParameters(property) };
  return true;
};

/** RDATE and EXDATE: dates or date-times with at most a TZID, gathered across properties. */
function timeList(field: 'rdate' | 'exdate'): FieldReader {
  return (draft, property) => {
    if (property.type !== 'date' && property.type !== 'date-time') return false;
    const tzid = property.parameters.tzid;
    if (
      !isEmpty(withoutTzid(property.parameters)) ||
      (tzid !== undefined && typeof tzid !== 'string')
    )
      return false;
    const list: CalendarTime[] = draft.event[field] ?? [];
    for (const v of property.values as string[])
      list.push(tzid === undefined ? { value: v } : { value: v, tzid });
    draft.event[field] = list;
    return true;
  };
}

/** The field reader of each property a CalendarEvent field holds, by lowercase property name. */
const FIELD_READERS = new Map<string, FieldReader>([
  ['uid', bareField('uid', 'text')],
  ['dtstamp', timeField('dtstamp')],
  ['dtstart', timeField('start')],
  ['dtend', timeField('end')],
  ['duration', textField('duration', 'duration')],
  ['summary', textField('summary', 'text')],
  ['description', textField('description', 'text')],
  ['class', textField('class', 'text')],
  ['status', textField('status', 'text')],
  ['url', textField('url', 'uri')],
  ['location', textField('location', 'text')],
  ['categories', readCategories],
  ['organizer', readOrganizer],
  ['attendee', readAttendee],
  ['rrule', bareField('rrule', 'recur')],
  ['rdate', timeList('rdate')],
  ['exdate', timeList('exdate')],
  ['recurrence-id', timeField('recurrenceId')],
  ['sequence', bareField('sequence', 'integer')],
  ['created', timeField('created')],
  ['last-modified', timeField('lastModified')],
]);

/** A CalendarEvent about to be read, property by property. */
export function startEvent(): Draft {
  const event: Partial<CalendarEvent> = {};
  return { event, fields: event, parameters: undefined, attendees: undefined };
}

/** Reads `property` into the field it belongs to and returns true, or returns false when no field takes it. */
export function readEventField(draft: Draft, property: Property): boolean {
  const reader = FIELD_READERS.get(property.name);
  return reader?.(draft, property) === true;
}

/**
 * The CalendarEvent a draft holds, with the properties no field took (`rest`, kept as they are)
 * and the nested components.
 * @throws {ValueError} when the VEVENT has no UID or no DTSTART.
 */
export function finishEvent(
  draft: Draft,
  rest: Property[] | undefined,
  components: Component[],
): CalendarEvent {
  const { event } = draft;
  if (event.uid === undefined) throw new ValueError('VEVENT without a UID (RFC 5545 §3.6.1)');
  if (event.start === undefined) throw new ValueError(`VEVENT ${event.uid} without a DTSTART`);
  if (draft.attendees) event.attendees = draft.attendees;
  if (draft.parameters) event.parameters = draft.parameters;
  if (rest !== undefined && rest.length > 0) event.properties = rest;
  if (components.length > 0) event.components = components;
  return event as CalendarEvent;
}

/**
 * Reads a VEVENT component (RFC 5545 §3.6.1) into a CalendarEvent.
 * @throws {ValueError} when the VEVENT has no UID or no DTSTART.
 */
export function eventFromComponent(component: Component): CalendarEvent {
  const draft = startEvent();
  let rest: Property[] | undefined;
  for (const property of component.properties) {
    if (!readEventField(draft, property)) {
      rest ??= [];
      rest.push(property);
    }
  }
  return finishEvent(draft, rest, component.components);
}

/** A one-valued TEXT property (URI for URL), with `parameters`. */
export function textProperty(
  name: string,
  value: string,
  parameters: Parameters = EMPTY,
): Property {
  return { name, parameters, type: name === 'url' ? 'uri' : 'text', values: [value] };
}

function timeProperty(name: string, time: CalendarTime, parameters: Parameters = EMPTY): Property {
  const { value, tzid } = time;
  checkDate(value, name.toUpperCase());
  return {
    name,
    parameters:
      tzid === undefined ? parameters : parameters === EMPTY ? { tzid } : { tzid, ...parameters },
    // Checked above: ten characters are a date (YYYY-MM-DD), more a date-time.
    type: value.length === 10 ? 'date' : 'date-time',
    values: [value],
  };
}

/** "No parameters" for any property of an event: what events without `parameters` share. */
const NO_PARAMETERS: Readonly<Record<string, Parameters>> = Object.freeze({});

/** Appends DTSTART, DTEND, …, with the parameters the event keeps for it, when the event has the time. */
function pushTime(
  props: Property[],
  name: string,
  time: CalendarTime | undefined,
  parameters: Readonly<Record<string, Parameters>>,
): void {
  if (time) props.push(timeProperty(name, time, parameters[name]));
}

/** Appends SUMMARY, URL, …, with the parameters the event keeps for it, when the event has the text. */
function pushText(
  props: Property[],
  name: string,
  value: string | undefined,
  parameters: Readonly<Record<string, Parameters>>,
): void {
  if (value !== undefined) props.push(textProperty(name, value, parameters[name]));
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

/**
 * Writes a CalendarEvent as a VEVENT component (RFC 5545 §3.6.1); an event without dtstamp gets
 * `stamp`. Its times may be Dates or ISO 8601 strings (see TimeInput). Properties without
 * parameters share one frozen empty `parameters` object.
 * @throws {ValueError} when uid or start is missing or a time or duration is malformed.
 */
export function eventToComponent(input: CalendarEventInput, stamp?: string): Component {
  const event = eventFromInput(input);
  if (typeof event.uid !== 'string' || event.uid === '')
    throw new ValueError('event without a uid');
  if (!event.start) throw new ValueError(`event ${event.uid} without a start`);
  const p = event.parameters ?? NO_PARAMETERS;
  const props: Property[] = [textProperty('uid', event.uid)];
  const stamped = event.dtstamp ?? (stamp === undefined ? undefined : { value: stamp });
  pushTime(props, 'dtstamp', stamped, p);
  pushTime(props, 'dtstart', event.start, p);
  pushTime(props, 'dtend', event.end, p);
  if (event.duration !== undefined)
    props.push({
      name: 'duration',
      parameters: p.duration ?? EMPTY,
      type: 'duration',
      values: [checkDuration(event.duration, 'DURATION')],
    });
  pushText(props, 'summary', event.summary, p);
  pushText(props, 'description', event.description, p);
  pushText(props, 'class', event.class, p);
  pushText(props, 'status', event.status, p);
  if (event.categories && event.categories.length > 0)
    props.push({
      name: 'categories',
      parameters: p.categories ?? EMPTY,
      type: 'text',
      values: [...event.categories],
    });
  pushText(props, 'url', event.url, p);
  pushText(props, 'location', event.location, p);
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
    props.push({ name: 'rrule', parameters: EMPTY, type: 'recur', values: [event.rrule] });
  if (event.rdate) props.push(...timeListProperties('rdate', event.rdate));
  if (event.exdate) props.push(...timeListProperties('exdate', event.exdate));
  pushTime(props, 'recurrence-id', event.recurrenceId, p);
  if (event.sequence !== undefined)
    props.push({ name: 'sequence', parameters: EMPTY, type: 'integer', values: [event.sequence] });
  pushTime(props, 'created', event.created, p);
  pushTime(props, 'last-modified', event.lastModified, p);
  if (event.properties) props.push(...event.properties);
  return { name: 'vevent', properties: props, components: event.components ?? [] };
}

// The typed view of a VEVENT: each property the CalendarEvent fields hold has a field reader in one
// table, and whatever no reader takes stays in `properties`, so nothing read is lost.
import { ValueError } from './errors.js';
import { checkDate, checkDuration } from './lexical-forms.js';
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
import { type XmlTags, xmlTagsOf } from './names.js';
import { defaultType } from './property-types.js';
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

/** Whether `record` has no keys: most parameters objects are empty. */
export function isEmpty(record: object): boolean {
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
export function ownParameters(property: Property): Parameters {
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

/** A property an event field becomes: its name as each writer spells it, and its default type. */
export interface FieldName {
  /** The model's and xCal's spelling. */
  readonly lower: string;
  /** RFC 5545's spelling. */
  readonly upper: string;
  /** `\r\nUID:`: the line before ended and a line of the property begun, in one piece. */
  readonly lineStart: string;
  /** The type RFC 5545 gives it, which iCalendar text does not name with VALUE=. */
  readonly type: ValueType;
  /** Its xCal element's tags. */
  readonly tags: XmlTags;
  /** Its xCal element opened with the value element of its default type: `<uid><text>`. */
  readonly xmlOpen: string;
  /** Both closed again: `</text></uid>`. */
  readonly xmlClose: string;
}

function fieldName(lower: string): FieldName {
  const type = defaultType(lower);
  const tags = xmlTagsOf(lower) as XmlTags;
  return Object.freeze({
    lower,
    upper: lower.toUpperCase(),
    lineStart: `\r\n${lower.toUpperCase()}:`,
    type,
    tags,
    xmlOpen: `${tags.open}<${type}>`,
    xmlClose: `</${type}>${tags.close}`,
  });
}

/** The names of the properties event fields become, spelled once when the module loads. */
const NAMES = {
  uid: fieldName('uid'),
  dtstamp: fieldName('dtstamp'),
  dtstart: fieldName('dtstart'),
  dtend: fieldName('dtend'),
  duration: fieldName('duration'),
  summary: fieldName('summary'),
  description: fieldName('description'),
  class: fieldName('class'),
  status: fieldName('status'),
  url: fieldName('url'),
  location: fieldName('location'),
  organizer: fieldName('organizer'),
  attendee: fieldName('attendee'),
  rrule: fieldName('rrule'),
  'recurrence-id': fieldName('recurrence-id'),
  sequence: fieldName('sequence'),
  created: fieldName('created'),
  'last-modified': fieldName('last-modified'),
};

/**
 * Whether {@link writeEventProperties} checks a field value of `type` before sending it: a DATE,
 * DATE-TIME or DURATION, which is then ASCII letters, digits and signs that no writer need look at again.
 */
export function isCheckedType(type: ValueType): boolean {
  return type === 'date-time' || type === 'date' || type === 'duration';
}

/**
 * Where {@link writeEventProperties} sends an event's properties, in the order they are written:
 * as Property objects ({@link eventToComponent}) or straight as text (the iCalendar writer).
 */
export interface PropertySink {
  /**
   * A property made of one field: one value of `type`, and its parameters (a shared frozen `{}`
   * when none). A value of a type {@link isCheckedType} names has been checked to be of its form.
   */
  field(name: FieldName, parameters: Parameters, type: ValueType, value: PropertyValue): void;
  /** A property given whole: one of the event's `properties`, or a list (CATEGORIES, RDATE, EXDATE). */
  property(property: Property): void;
}

/** The parameters of a time's property: its TZID, then those the event keeps for the property. */
function timeParameters(tzid: string | undefined, parameters: Parameters = EMPTY): Parameters {
  return tzid === undefined
    ? parameters
    : parameters === EMPTY
      ? { tzid }
      : { tzid, ...parameters };
}

/** "No parameters" for any property of an event: what events without `parameters` share. */
const NO_PARAMETERS: Readonly<Record<string, Parameters>> = Object.freeze({});

/** The parameters an event keeps for the property `name`: most events keep none, and are not searched. */
function keptFor(
  parameters: Readonly<Record<string, Parameters>>,
  name: FieldName,
): Parameters | undefined {
  return parameters === NO_PARAMETERS ? undefined : parameters[name.lower];
}

/**
 * The type of a time's value, once it is checked: ten characters are a date (YYYY-MM-DD), more a
 * date-time.
 * @throws {ValueError} naming `what` when the value is neither.
 */
function checkedTimeType(value: string, what: string): 'date' | 'date-time' {
  checkDate(value, what);
  return value.length === 10 ? 'date' : 'date-time';
}

/** Sends DTSTART, DTEND, …, with the parameters the event keeps for it, when the event has the time. */
function sendTime(
  sink: PropertySink,
  name: FieldName,
  time: CalendarTime | undefined,
  parameters: Readonly<Record<string, Parameters>>,
): void {
  if (time === undefined) return;
  const { value, tzid } = time;
  const type = checkedTimeType(value, name.upper);
  sink.field(name, timeParameters(tzid, keptFor(parameters, name)), type, value);
}

/** Sends SUMMARY, URL, …, with the parameters the event keeps for it, when the event has the text. */
function sendText(
  sink: PropertySink,
  name: FieldName,
  value: string | undefined,
  parameters: Readonly<Record<string, Parameters>>,
): void {
  if (value !== undefined) sink.field(name, keptFor(parameters, name) ?? EMPTY, name.type, value);
}

/** Groups times by TZID and kind so each RDATE/EXDATE property holds values of one type and zone. */
function sendTimeList(sink: PropertySink, name: string, times: CalendarTime[] | undefined): void {
  if (times === undefined) return;
  const groups = new Map<string, Property>();
  for (const { value, tzid } of times) {
    const type = checkedTimeType(value, name.toUpperCase());
    const key = `${tzid ?? ''}|${type}`;
    const existing = groups.get(key);
    if (existing) existing.values.push(value);
    else groups.set(key, { name, parameters: timeParameters(tzid), type, values: [value] });
  }
  for (const group of groups.values()) sink.property(group);
}

/**
 * Sends a CalendarEvent's VEVENT properties (RFC 5545 §3.6.1) to `sink`, in one order for every
 * writer; an event without dtstamp gets `stamp`. Its times are in the model's form already (see
 * eventFromInput).
 * @throws {ValueError} when uid or start is missing or a time or duration is malformed.
 */
export function writeEventProperties(
  event: CalendarEvent,
  stamp: string | undefined,
  sink: PropertySink,
): void {
  if (typeof event.uid !== 'string' || event.uid === '')
    throw new ValueError('event without a uid');
  if (!event.start) throw new ValueError(`event ${event.uid} without a start`);
  const p = event.parameters ?? NO_PARAMETERS;
  sink.field(NAMES.uid, EMPTY, 'text', event.uid);
  const stamped = event.dtstamp ?? (stamp === undefined ? undefined : { value: stamp });
  sendTime(sink, NAMES.dtstamp, stamped, p);
  sendTime(sink, NAMES.dtstart, event.start, p);
  sendTime(sink, NAMES.dtend, event.end, p);
  if (event.duration !== undefined)
    sink.field(
      NAMES.duration,
      p.duration ?? EMPTY,
      'duration',
      checkDuration(event.duration, 'DURATION'),
    );
  sendText(sink, NAMES.summary, event.summary, p);
  sendText(sink, NAMES.description, event.description, p);
  sendText(sink, NAMES.class, event.class, p);
  sendText(sink, NAMES.status, event.status, p);
  if (event.categories && event.categories.length > 0)
    sink.property({
      name: 'categories',
      parameters: p.categories ?? EMPTY,
      type: 'text',
      values: [...event.categories],
    });
  sendText(sink, NAMES.url, event.url, p);
  sendText(sink, NAMES.location, event.location, p);
  if (event.organizer)
    sink.field(NAMES.organizer, event.organizer.parameters, 'cal-address', event.organizer.address);
  for (const user of event.attendees ?? [])
    sink.field(NAMES.attendee, user.parameters, 'cal-address', user.address);
  if (event.rrule) sink.field(NAMES.rrule, EMPTY, 'recur', event.rrule);
  sendTimeList(sink, 'rdate', event.rdate);
  sendTimeList(sink, 'exdate', event.exdate);
  sendTime(sink, NAMES['recurrence-id'], event.recurrenceId, p);
  if (event.sequence !== undefined) sink.field(NAMES.sequence, EMPTY, 'integer', event.sequence);
  sendTime(sink, NAMES.created, event.created, p);
  sendTime(sink, NAMES['last-modified'], event.lastModified, p);
  for (const property of event.properties ?? []) sink.property(property);
}

/** Gathers the properties {@link writeEventProperties} sends as Property objects. */
class PropertyList implements PropertySink {
  readonly properties: Property[] = [];

  field(name: FieldName, parameters: Parameters, type: ValueType, value: PropertyValue): void {
    this.properties.push({ name: name.lower, parameters, type, values: [value] });
  }

  property(property: Property): void {
    this.properties.push(property);
  }
}

/**
 * Writes a CalendarEvent as a VEVENT component (RFC 5545 §3.6.1); an event without dtstamp gets
 * `stamp`. Its times may be Dates or ISO 8601 strings (see TimeInput). Properties without
 * parameters share one frozen empty `parameters` object.
 * @throws {ValueError} when uid or start is missing or a time or duration is malformed.
 */
export function eventToComponent(input: CalendarEventInput, stamp?: string): Component {
  const list = new PropertyList();
  const event = eventFromInput(input);
  writeEventProperties(event, stamp, list);
  return { name: 'vevent', properties: list.properties, components: event.components ?? [] };
}

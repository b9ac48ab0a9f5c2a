// Value types by property and parameter name: what RFC 5545 (and RFC 7986) give each known
// property as its default type, which ones hold lists, and the types of parameters in xCal.
import type { ValueType } from './model.js';

const T = 'text';
const DT = 'date-time';

/** Default value type by property name (RFC 5545 §3.7-3.8; RFC 7986 §5; X-WR-* read as TEXT). */
const DEFAULT_TYPES: Record<string, ValueType> = {
  calscale: T,
  method: T,
  prodid: T,
  version: T,
  attach: 'uri',
  categories: T,
  class: T,
  comment: T,
  description: T,
  geo: 'float',
  location: T,
  'percent-complete': 'integer',
  priority: 'integer',
  resources: T,
  status: T,
  summary: T,
  completed: DT,
  dtend: DT,
  due: DT,
  dtstart: DT,
  duration: 'duration',
  freebusy: 'period',
  transp: T,
  tzid: T,
  tzname: T,
  tzoffsetfrom: 'utc-offset',
  tzoffsetto: 'utc-offset',
  tzurl: 'uri',
  attendee: 'cal-address',
  contact: T,
  organizer: 'cal-address',
  'recurrence-id': DT,
  'related-to': T,
  url: 'uri',
  uid: T,
  exdate: DT,
  rdate: DT,
  rrule: 'recur',
  action: T,
  repeat: 'integer',
  trigger: 'duration',
  created: DT,
  dtstamp: DT,
  'last-modified': DT,
  sequence: 'integer',
  'request-status': T,
  name: T,
  'refresh-interval': 'duration',
  source: 'uri',
  color: T,
  image: 'uri',
  conference: 'uri',
  xml: T,
  'x-wr-calname': T,
  'x-wr-caldesc': T,
  'x-wr-timezone': T,
};

/** Parameters whose value is not TEXT in xCal (RFC 6321 App. A §3.2). */
const PARAMETER_TYPES: Record<string, ValueType> = {
  altrep: 'uri',
  dir: 'uri',
  member: 'cal-address',
  'delegated-to': 'cal-address',
  'delegated-from': 'cal-address',
  'sent-by': 'cal-address',
  rsvp: 'boolean',
};

/** Properties whose values are a comma-separated list in iCalendar (RFC 6321 §3.4.1.1). */
const MULTI_VALUED = new Set(['categories', 'resources', 'freebusy', 'exdate', 'rdate']);

/** What a reader needs to know of a property, found with one look-up of its name. */
export interface PropertyKind {
  /** The default value type, `unknown` when RFC 5545 does not name the property (RFC 6321 §5). */
  readonly type: ValueType;
  /** Whether its values are a comma-separated list in iCalendar (RFC 6321 §3.4.1.1). */
  readonly multiValued: boolean;
}

const KINDS = new Map<string, PropertyKind>(
  Object.entries(DEFAULT_TYPES).map(([name, type]) => [
    name,
    Object.freeze({ type, multiValued: MULTI_VALUED.has(name) }),
  ]),
);
const UNKNOWN_KIND: PropertyKind = Object.freeze({ type: 'unknown', multiValued: false });

/** The {@link PropertyKind} of a property by lowercase name. */
export function propertyKind(name: string): PropertyKind {
  return KINDS.get(name) ?? UNKNOWN_KIND;
}

/** The default value type of a property, or `unknown` when RFC 5545 does not name it (RFC 6321 §5). */
export function defaultType(name: string): ValueType {
  return propertyKind(name).type;
}

/** Whether a property's values are a comma-separated list in iCalendar (RFC 6321 §3.4.1.1). */
export function isMultiValued(name: string): boolean {
  return propertyKind(name).multiValued;
}

/** Parameters RFC 5545 §3.2 defines; others are written as `unknown` in xCal (RFC 6321 §5). */
const KNOWN_PARAMETERS = new Set([
  'altrep',
  'cn',
  'cutype',
  'delegated-from',
  'delegated-to',
  'dir',
  'encoding',
  'fmttype',
  'fbtype',
  'language',
  'member',
  'partstat',
  'range',
  'related',
  'reltype',
  'role',
  'rsvp',
  'sent-by',
  'tzid',
]);

/** The xCal value element of a parameter (RFC 6321 App. A §3.2): `unknown` for unrecognised ones. */
export function parameterType(name: string): ValueType {
  return PARAMETER_TYPES[name] ?? (KNOWN_PARAMETERS.has(name) ? 'text' : 'unknown');
}

const VALUE_TYPES = new Set<string>([
  'binary',
  'boolean',
  'cal-address',
  'date',
  'date-time',
  'duration',
  'float',
  'integer',
  'period',
  'recur',
  'text',
  'time',
  'uri',
  'utc-offset',
  'unknown',
]);

/** Whether `name` is one of the value types of RFC 5545 §3.3 (as RFC 6321 spells them) or `unknown`. */
export function isValueType(name: string): name is ValueType {
  return VALUE_TYPES.has(name);
}

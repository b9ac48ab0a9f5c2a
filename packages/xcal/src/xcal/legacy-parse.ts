// The legacy xCal family (draft-royer-calsch-xcal, Pentabarf, frab, pretalx, Open Event) → components.
// Elements are matched by local name whatever their namespace; values are iCalendar text in basic
// or ISO form; durations come in several broken shapes and give way to DTEND when they do.
import { ValueError, XcalError } from '../errors.js';
import { checkDate, checkDuration, dateFromICal, parseInteger } from '../lexical-forms.js';
import type { ComponentBudget, Warn } from '../limits.js';
import type { Component, Parameters, Property, PropertyValue, ValueType } from '../model.js';
import { lowerName } from '../names.js';
import { defaultType, isMultiValued, isValueType } from '../property-types.js';
import { recurFromICal } from '../recur-value.js';
import type { ElementEnd, XmlElement } from './xml.js';

const COMPONENTS = new Set([
  'vevent',
  'vtodo',
  'vjournal',
  'vfreebusy',
  'vtimezone',
  'valarm',
  'standard',
  'daylight',
]);
const BASIC = /^\d{8}(T\d{6}Z?)?$/;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A date in basic (`20160131T090000`) or ISO form (`2016-01-31T09:00:00+01:00`); offsets are turned into UTC. */
export function legacyTime(text: string): string {
  // Kept small, so that it is optimised early: most legacy files write the basic form.
  return BASIC.test(text) ? dateFromICal(text) : isoTime(text);
}

/** A date in ISO form, as {@link legacyTime} reads it. */
function isoTime(text: string): string {
  const m = ISO.exec(text);
  if (!m) throw new ValueError(`"${text}" is not a date or date-time`);
  const [, y, mo, d, h, mi, s = '00', zone] = m;
  if (h === undefined) return checkDate(`${y}-${mo}-${d}`, 'date');
  const local = checkDate(`${y}-${mo}-${d}T${h}:${mi}:${s}`, 'date-time');
  if (zone === undefined || zone === 'Z') return `${local}${zone ?? ''}`;
  const sign = zone[0] === '-' ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const utc = Date.parse(`${local}Z`) - offset * 60_000;
  // Date cannot hold a leap second.
  if (Number.isNaN(utc)) throw new ValueError(`"${text}" cannot be turned into UTC`);
  return `${new Date(utc).toISOString().slice(0, 19)}Z`;
}

/** RFC 5545 durations, and the legacy `HH:MM:SS:FF` / `H:MM` / `HHMMSS` / `H.0MM00` forms. */
export function legacyDuration(text: string): string | undefined {
  if (/^[+-]?P/.test(text)) {
    try {
      return checkDuration(text, 'duration');
    } catch {
      return undefined;
    }
  }
  let m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?::\d{2})?$/.exec(text);
  m ??= /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (m) return hoursMinutes(Number(m[1]), Number(m[2]), Number(m[3] ?? 0));
  const pretalx = /^(\d+)\.0(\d{2})00$/.exec(text);
  if (pretalx) return hoursMinutes(Number(pretalx[1]), Number(pretalx[2]), 0);
  return undefined;
}

function hoursMinutes(h: number, m: number, s: number): string | undefined {
  if (m > 59 || s > 59) return undefined;
  if (h === 0 && m === 0 && s === 0) return 'PT0S';
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
}

function readValue(name: string, type: ValueType, text: string): PropertyValue[] {
  switch (type) {
    case 'date':
    case 'date-time':
      return isMultiValued(name)
        ? text.split(',').map((t) => legacyTime(t.trim()))
        : [legacyTime(text)];
    case 'recur':
      return [recurFromICal(text)];
    case 'integer':
      return [parseInteger(text)];
    default:
      return [text];
  }
}

function readProperty(
  element: XmlElement,
  local: string,
  warn: Warn | undefined,
): Property | undefined {
  const name = local === 'category' ? 'categories' : local;
  const parameters: Parameters = {};
  let type: ValueType = defaultType(name);
  for (const attribute in element.attributes) {
    const value = element.attributes[attribute] as string;
    const key = attribute.toLowerCase();
    if (key === 'value' && isValueType(value.toLowerCase()))
      type = value.toLowerCase() as ValueType;
    else if (lowerName(key) !== undefined) parameters[key] = value;
    else warn?.(`${element.path}: attribute ${attribute} skipped`);
  }
  if (type === 'unknown') type = 'text';
  const text = element.text.trim();
  if (name === 'duration') {
    const duration = legacyDuration(text);
    if (duration === undefined) {
      warn?.(
        `${element.path}: duration "${text}" is not a duration; skipped (a <dtend>, when there is one, gives the end)`,
      );
      return undefined;
    }
    return { name, parameters, type: 'duration', values: [duration] };
  }
  if (text === '' && type !== 'text') {
    warn?.(`${element.path}: empty <${element.local}> skipped`);
    return undefined;
  }
  try {
    const values = readValue(name, type, text);
    if ((type === 'date-time' || type === 'date') && allDates(values)) type = 'date';
    return { name, parameters, type, values };
  } catch (error) {
    if (!(error instanceof XcalError)) throw error;
    warn?.(`${element.path}: ${error.message}; <${element.local}> skipped`);
    return undefined;
  }
}

/** Whether every date or date-time value is a date (`2016-01-31`). */
function allDates(values: PropertyValue[]): boolean {
  for (const v of values) if ((v as string).length !== 10) return false;
  return true;
}

/**
 * Legacy elements are read whatever their namespace, except those of a namespace other than the
 * calendar's own that are no iCalendar namespace: Pentabarf's and frab's `pentabarf:*` extensions.
 */
function isForeign(element: XmlElement, home: string): boolean {
  const ns = element.namespace;
  return ns !== '' && ns !== home && !ns.startsWith('urn:ietf:params:xml:ns:');
}

function readComponent(
  element: XmlElement,
  home: string,
  depth: number,
  budget: ComponentBudget,
  warn: Warn | undefined,
  eventsRead = false,
): Component {
  budget.enter(depth, () => element.path);
  const component: Component = {
    name: element.local.toLowerCase(),
    properties: [],
    components: [],
  };
  for (const child of element.children) {
    // Lowercase from the one cache of name spellings; undefined for what is no iCalendar name.
    const local = lowerName(child.local);
    if (eventsRead && local === 'vevent') continue;
    if (local !== undefined && COMPONENTS.has(local))
      component.components.push(readComponent(child, home, depth + 1, budget, warn));
    else if (isForeign(child, home))
      warn?.(`${child.path}: <${child.local}> of namespace "${child.namespace}" skipped`);
    else if (local === undefined)
      warn?.(`${child.path}: <${child.local}> is not an iCalendar name; skipped`);
    else {
      const property = readProperty(child, local, warn);
      if (property) component.properties.push(property);
    }
  }
  budget.properties(component.properties.length, () => element.path);
  return component;
}

/**
 * A legacy VEVENT as RFC 5545 has it, or undefined (with a warning) when it has no UID or DTSTART:
 * its per-event METHOD taken out and handed to `onMethod`, DURATION dropped beside DTEND.
 */
function normaliseEvent(
  event: Component,
  warn: Warn | undefined,
  onMethod: (method: Property) => void,
): Component | undefined {
  // One look at each property finds the first METHOD and which of the others are there.
  let method: Property | undefined;
  let uid = false;
  let start = false;
  let end = false;
  let duration = false;
  for (const p of event.properties) {
    if (p.name === 'method') method ??= p;
    else if (p.name === 'uid') uid = true;
    else if (p.name === 'dtstart') start = true;
    else if (p.name === 'dtend') end = true;
    else if (p.name === 'duration') duration = true;
  }
  if (method) {
    dropProperties(event, (p) => p === method);
    onMethod(method);
  }
  if (!uid || !start) {
    warn?.(`a vevent without ${uid ? 'dtstart' : 'uid'} skipped`);
    return undefined;
  }
  // DTEND and DURATION exclude each other (RFC 5545 §3.6.1); the end time is the reliable one in legacy files.
  if (end && duration) dropProperties(event, isDuration);
  return event;
}

function isDuration(property: Property): boolean {
  return property.name === 'duration';
}

/** Takes the properties `drop` picks out of `component`, in place (the reader's own array). */
function dropProperties(component: Component, drop: (property: Property) => boolean): void {
  const properties = component.properties;
  let kept = 0;
  for (const p of properties) if (!drop(p)) properties[kept++] = p;
  properties.length = kept;
}

/** Gives the calendar `method` (RFC 5545 §3.7.2) unless it has a METHOD already. */
function addMethod(calendar: Component, method: Property | undefined): void {
  if (method && !calendar.properties.some((p) => p.name === 'method'))
    calendar.properties.push(method);
}

/** Moves legacy per-event METHOD to the calendar and drops events without UID or DTSTART. */
function normalise(calendar: Component, warn: Warn | undefined, method?: Property): Component {
  addMethod(calendar, method);
  const components: Component[] = [];
  for (const child of calendar.components) {
    const kept =
      child.name === 'vevent' ? normaliseEvent(child, warn, (m) => addMethod(calendar, m)) : child;
    if (kept) components.push(kept);
  }
  calendar.components = components;
  return calendar;
}

/**
 * Reads each `<vevent>` of a legacy document's first `<vcalendar>` as its element ends, normalised
 * (see xcalEventReader in ./parse.ts); `method` is the first per-event METHOD, for the calendar.
 */
export interface LegacyEventReader {
  onEnd: ElementEnd;
  method: Property | undefined;
}

/** Whether `element` is named `local` (lowercase), whatever its case and namespace. */
function isNamed(element: XmlElement, local: string): boolean {
  return element.local.length === local.length && element.local.toLowerCase() === local;
}

/** The calendars of a legacy document whose root is `root`: the root itself, or its `<vcalendar>` children. */
function legacyCalendars(root: XmlElement): XmlElement[] {
  return isNamed(root, 'vcalendar') ? [root] : root.children.filter((c) => isNamed(c, 'vcalendar'));
}

/**
 * The {@link LegacyEventReader} of a legacy document (see xcalEventReader for RFC 6321 ones): each
 * VEVENT of the first calendar, normalised, to `onEvent`.
 */
export function legacyEventReader(
  budget: ComponentBudget,
  warn: Warn | undefined,
  onEvent: (event: Component) => void,
): LegacyEventReader {
  let first: XmlElement | undefined;
  const reader: LegacyEventReader = {
    method: undefined,
    onEnd: (element) => {
      const calendar = element.parent;
      if (!isNamed(element, 'vevent') || !calendar || !isNamed(calendar, 'vcalendar')) return false;
      // The root's children before this calendar are complete: the first calendar is among them.
      first ??= legacyCalendars(calendar.root)[0];
      if (calendar !== first) return false;
      const event = readComponent(element, calendar.namespace, 2, budget, warn);
      const kept = normaliseEvent(event, warn, (method) => {
        reader.method ??= method;
      });
      if (kept) onEvent(kept);
      return true;
    },
  };
  return reader;
}

/**
 * Reads a legacy document: `<iCalendar><vcalendar>…` (or a bare `<vcalendar>`), any namespace;
 * with `reader`, passing over the first calendar's `<vevent>`s, which it read.
 */
export function readLegacyComponents(
  root: XmlElement,
  budget: ComponentBudget,
  warn: Warn | undefined,
  reader?: LegacyEventReader,
): Component[] {
  return legacyCalendars(root).map((c, i) =>
    normalise(
      readComponent(c, c.namespace, 1, budget, warn, reader !== undefined && i === 0),
      warn,
      i === 0 ? reader?.method : undefined,
    ),
  );
}
